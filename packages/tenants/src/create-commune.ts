import { z } from 'zod';
import { statementIn, type Transaction } from '@guichet/db';
import { communePresentationSchema, contrastProblems } from './commune-presentation.ts';

/** Names a platform keeps for its own addresses (www.<domain>, api.<domain>…), never a commune's. */
const RESERVED_SLUGS = new Set(['www', 'api', 'app', 'admin', 'auth', 'console', 'static', 'assets', 'mail', 'smtp', 'dev', 'status']);

const slug = z
  .string()
  .trim()
  .min(2, '2 caractères au moins.')
  .max(40, '40 caractères au plus.')
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'Des minuscules sans accent, des chiffres et des tirets (ex. « courcelles-les-lens ») : il forme l’adresse du portail.')
  .refine((value) => !RESERVED_SLUGS.has(value), 'Cet identifiant est réservé à la plateforme : choisissez le nom de la commune.');
const hostname = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/, 'Un nom de domaine comme « mairie-courcelles.fr », sans https:// ni chemin.');

/** What an EPCI administrator gives to create a member commune from the console. */
export const communeCreationSchema = z
  .strictObject({
    slug,
    name: z.string().trim().min(2, 'Le nom de la commune est obligatoire.').max(100, '100 caractères au plus.'),
    inseeCode: z.string().trim().toUpperCase().regex(/^(\d{5}|2[AB]\d{3})$/, 'Un code INSEE à 5 caractères (ex. 62249 ; 2A004 en Corse).'),
    hostnames: z.array(hostname).max(5, 'Cinq adresses propres au plus.').default([]),
    branding: communePresentationSchema.shape.branding,
    contact: communePresentationSchema.shape.contact,
    administrator: z.strictObject({
      email: z.email('Une adresse e-mail valide.').trim().toLowerCase(),
      displayName: z.string().trim().min(2, 'Le nom de l’administrateur est obligatoire.').max(100, '100 caractères au plus.'),
    }),
  })
  .superRefine((commune, context) => {
    for (const problem of contrastProblems(commune.branding)) context.addIssue({ code: 'custom', path: ['branding', problem.field], message: problem.message });
    const repeated = commune.hostnames.find((host, index) => commune.hostnames.indexOf(host) !== index);
    if (repeated) context.addIssue({ code: 'custom', path: ['hostnames'], message: `L’adresse ${repeated} est donnée deux fois.` });
  });
export type CommuneCreation = z.infer<typeof communeCreationSchema>;

/** A new commune starts with one service for everything; its administrator adds the others. */
const FIRST_SERVICES = [{ slug: 'accueil', name: 'Accueil de la mairie' }];

/** Why a commune could not be created, on the field that says it. */
export class CommuneCreationRefusal extends Error {
  readonly field: 'slug' | 'inseeCode' | 'hostnames';
  readonly code: 'taken' | 'platform_address';
  constructor(field: CommuneCreationRefusal['field'], message: string, code: CommuneCreationRefusal['code'] = 'taken') {
    super(message);
    this.name = 'CommuneCreationRefusal';
    this.field = field;
    this.code = code;
  }
}

const takenMessages: Record<string, [CommuneCreationRefusal['field'], string]> = {
  tenants_slug_unique: ['slug', 'Cet identifiant est déjà celui d’une commune ou d’une intercommunalité de la plateforme.'],
  tenants_inseeCode_unique: ['inseeCode', 'Une commune de la plateforme a déjà ce code INSEE.'],
  hostnames_pkey: ['hostnames', 'Une de ces adresses est déjà celle d’un autre portail de la plateforme.'],
};

/**
 * Adds a commune to the EPCI of the transaction's console scope, with its first service and its
 * first administrator (not yet able to sign in: the caller sends the invitation), through the one
 * function the application role may add to the registry by (`create_commune`, migration 0037).
 * Its logo starts as its initial on its colour, until its administrator uploads one.
 */
export async function createCommune(
  tx: Transaction,
  input: CommuneCreation,
  platform: { domain: string },
): Promise<{ communeId: string; administratorId: string }> {
  // Under the platform's domain, an own address would take another portal's derived one.
  const domain = platform.domain.toLowerCase();
  const derived = input.hostnames.find((host) => host === domain || host.endsWith(`.${domain}`));
  if (derived) {
    throw new CommuneCreationRefusal('hostnames', `${derived} est une adresse de la plateforme elle-même : donnez le domaine propre à la commune.`, 'platform_address');
  }
  const branding = { ...input.branding, logo: initialLogo(input.name, input.branding) };
  try {
    const [created] = await statementIn<{ commune_id: string; administrator_id: string }>(
      tx,
      'select commune_id, administrator_id from create_commune($1, $2, $3, $4::jsonb, $5::jsonb, $6::text[], $7::jsonb, $8, $9)',
      [input.slug, input.name, input.inseeCode, JSON.stringify(branding), JSON.stringify(input.contact), input.hostnames, JSON.stringify(FIRST_SERVICES), input.administrator.email, input.administrator.displayName],
    );
    return { communeId: created!.commune_id, administratorId: created!.administrator_id };
  } catch (error) {
    const refusal = isUniqueViolation(error) ? takenMessages[error.constraint_name] : undefined;
    throw refusal ? new CommuneCreationRefusal(...refusal) : error;
  }
}

function isUniqueViolation(error: unknown): error is { code: string; constraint_name: string } {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === '23505';
}

/** The commune's initial in its header colours, as an SVG data URL (`tenants.branding.logo`). */
function initialLogo(name: string, colours: { primaryColor: string; textOnPrimary: string }): string {
  const initial = [...name.normalize('NFC')][0]!.toUpperCase().replace(/[<>&"']/g, '');
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64"><circle cx="32" cy="32" r="32" fill="${colours.primaryColor}"/><text x="32" y="43" font-family="sans-serif" font-size="32" font-weight="700" text-anchor="middle" fill="${colours.textOnPrimary}">${initial}</text></svg>`;
  return `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`;
}
