import { z } from 'zod';
import { tileUrlTemplate } from '@guichet/config';
import { agentRoles } from '@guichet/db';
import { contrastProblems } from './commune-presentation.ts';

const slug = z
  .string()
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'un identifiant en minuscules, chiffres et tirets (ex. "saint-esprit")');
const colour = z.string().regex(/^#[0-9a-fA-F]{6}$/, 'une couleur hexadécimale comme #1a5fb4');
const hostname = z
  .string()
  .regex(/^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/, 'un nom de domaine (ex. mairie-libercourt.fr)');

/** Colours a file may not set either: the back office's contrast rules hold for the seed too. */
const brandingSchema = z
  .strictObject({
    logo: z.string().regex(/\.svg$/, 'un fichier .svg placé dans le dossier de la commune'),
    primaryColor: colour,
    secondaryColor: colour,
    textOnPrimary: colour,
    tagline: z.string().min(1).optional(),
  })
  .superRefine((branding, context) => {
    for (const problem of contrastProblems(branding)) context.addIssue({ code: 'custom', path: [problem.field], message: problem.message });
  });

/** Where the commune's map opens, and the tile server it uses instead of the platform's. */
const mapSchema = z.strictObject({
  center: z.strictObject({ lat: z.number().min(-90).max(90), lon: z.number().min(-180).max(180) }),
  zoom: z.int().min(5).max(19).default(15),
  tiles: z.strictObject({ url: tileUrlTemplate, attribution: z.string().min(1) }).optional(),
});

const personName = z.string().trim().min(2, 'un nom et un prénom');
const email = z.email('une adresse e-mail').transform((value) => value.toLowerCase());

/** An EPCI administrator, who signs in on the EPCI console. */
export const epciStaffFileSchema = z.strictObject({ email, name: personName });

/** `tenants/<epci>/epci.yaml` */
export const epciFileSchema = z
  .strictObject({
    slug,
    name: z.string().min(3),
    siren: z.string().regex(/^\d{9}$/, 'un numéro SIREN à 9 chiffres'),
    hostnames: z.array(hostname).default([]),
    branding: brandingSchema,
    staff: z.array(epciStaffFileSchema).default([]),
  })
  .superRefine((epci, ctx) => {
    refuseDuplicates(epci.staff.map((member) => member.email), ['staff'], 'email', ctx);
  });

/**
 * An agent account the commune starts with (its first administrator at least). The file
 * creates the account when it does not exist; afterwards the commune's administrators manage
 * it in the back office, so that a restart never undoes a role change or a disabling.
 */
export const agentFileSchema = z.strictObject({
  email,
  name: personName,
  role: z.enum(agentRoles, { error: 'agent, service_manager, commune_admin ou elected_official' }),
  services: z.array(slug).default([]),
});

const environmentVariable = z
  .string()
  .regex(/^[A-Z][A-Z0-9_]*$/, "le nom d'une variable d'environnement (ex. CARVIN_PROCONNECT_CLIENT_SECRET), jamais le secret lui-même");
// Plain http only for a provider on this machine (a local test provider).
const issuer = z.url('une adresse https').refine(
  (value) => value.startsWith('https://') || /^http:\/\/(localhost|127\.0\.0\.1)(:\d+)?\//.test(value),
  'une adresse https',
);

/** Sign-in of the commune's agents through an identity provider, besides password + TOTP. */
export const agentSignInFileSchema = z.discriminatedUnion(
  'provider',
  [
    z.strictObject({
      provider: z.literal('proconnect'),
      // Production; the integration platform is https://fca.integ01.dev-agentconnect.fr/api/v2.
      issuer: issuer.default('https://auth.proconnect.gouv.fr/api/v2'),
      clientId: z.string().min(1),
      clientSecretEnv: environmentVariable,
    }),
    z.strictObject({
      provider: z.literal('oidc'),
      issuer,
      /** The button's words: "Se connecter avec <label>". */
      label: z.string().min(2),
      clientId: z.string().min(1),
      clientSecretEnv: environmentVariable,
    }),
    z.strictObject({
      provider: z.literal('entra'),
      // The directory's id, not "common" or a domain: only the commune's own directory may sign its agents in.
      tenant: z.uuid("l'identifiant (GUID) de l'annuaire Entra ID de la commune"),
      clientId: z.string().min(1),
      clientSecretEnv: environmentVariable,
    }),
  ],
  { error: 'provider: proconnect, oidc ou entra' },
);

export const serviceFileSchema = z.strictObject({
  slug,
  name: z.string().min(2),
  description: z.string().min(1).optional(),
  email: z.email('une adresse e-mail').optional(),
  phone: z.string().regex(/^0\d( ?\d\d){4}$/, 'un numéro français comme 03 21 00 00 00').optional(),
});

/** `tenants/<epci>/<commune>/commune.yaml` */
export const communeFileSchema = z
  .strictObject({
    slug,
    name: z.string().min(2),
    // Corsica's codes start with 2A / 2B; the others are five digits.
    inseeCode: z.string().regex(/^(\d{5}|2[AB]\d{3})$/, 'un code INSEE à 5 caractères (ex. 62907)'),
    hostnames: z.array(hostname).default([]),
    branding: brandingSchema,
    contact: z.strictObject({
      address: z.string().min(3),
      postalCode: z.string().regex(/^\d{5}$/, 'un code postal à 5 chiffres'),
      city: z.string().min(2),
      phone: z.string().optional(),
      email: z.email('une adresse e-mail').optional(),
      website: z.url('une adresse web').optional(),
    }),
    services: z.array(serviceFileSchema).min(1, 'au moins un service instructeur'),
    agents: z.array(agentFileSchema).default([]),
    agentSignIn: agentSignInFileSchema.optional(),
    map: mapSchema.optional(),
  })
  .superRefine((commune, ctx) => {
    const seen = new Set<string>();
    commune.services.forEach((service, index) => {
      if (seen.has(service.slug)) {
        ctx.addIssue({ code: 'custom', path: ['services', index, 'slug'], message: `service "${service.slug}" déclaré deux fois` });
      }
      seen.add(service.slug);
    });
    refuseDuplicates(commune.agents.map((agent) => agent.email), ['agents'], 'email', ctx);
    commune.agents.forEach((agent, index) => {
      agent.services.forEach((service, position) => {
        if (!seen.has(service)) {
          ctx.addIssue({ code: 'custom', path: ['agents', index, 'services', position], message: `service "${service}" absent de la liste services` });
        }
      });
    });
  });

function refuseDuplicates(values: string[], path: (string | number)[], field: string, ctx: z.RefinementCtx) {
  const seen = new Set<string>();
  values.forEach((value, index) => {
    if (seen.has(value)) ctx.addIssue({ code: 'custom', path: [...path, index, field], message: `"${value}" déclaré deux fois` });
    seen.add(value);
  });
}

export type EpciFile = z.infer<typeof epciFileSchema>;
export type CommuneFile = z.infer<typeof communeFileSchema>;
