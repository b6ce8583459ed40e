import { eq, ilike, or, sql } from 'drizzle-orm';
import { z } from 'zod';
import { citizenAccounts, contacts, type AgentActor, type Transaction } from '@guichet/db';
import { contactInputSchema } from './file-request.ts';

export const contactSearchSchema = z.strictObject({ q: z.string().trim().min(2, 'Deux caractères au moins.').max(100) });

/**
 * Finds a commune's contacts by name, e-mail or phone, so that an agent taking a call attaches
 * the new request to the person the commune already knows. A citizen who filed signed in is a
 * contact holding only their account: they are found, and shown, by the account's details.
 */
export async function searchContacts(context: { tx: Transaction; actor: AgentActor }, input: z.infer<typeof contactSearchSchema>) {
  const { tx } = context;
  const query = input.q;
  const pattern = `%${query.replace(/[%_\\]/g, (character) => `\\${character}`)}%`;
  const digits = query.replace(/\D/g, '');
  const givenName = sql<string | null>`coalesce(${contacts.givenName}, ${citizenAccounts.givenName})`;
  const familyName = sql<string | null>`coalesce(${contacts.familyName}, ${citizenAccounts.familyName})`;
  const email = sql<string | null>`coalesce(${contacts.email}, ${citizenAccounts.email})`;
  const phone = sql<string | null>`coalesce(${contacts.phone}, ${citizenAccounts.phone})`;
  return tx
    .select({
      tenantId: contacts.tenantId,
      id: contacts.id,
      citizenAccountId: contacts.citizenAccountId,
      givenName,
      familyName,
      email,
      phone,
      address: contacts.address,
      createdAt: contacts.createdAt,
    })
    .from(contacts)
    .leftJoin(citizenAccounts, eq(citizenAccounts.id, contacts.citizenAccountId))
    .where(
      or(
        ilike(familyName, pattern),
        ilike(givenName, pattern),
        ilike(email, pattern),
        digits.length >= 4 ? sql`regexp_replace(coalesce(${phone}, ''), '\\D', '', 'g') like ${`%${digits}%`}` : undefined,
      ),
    )
    .limit(20);
}

/** A contact of the commune, as the API answers it. */
export const contactSchema = z
  .object({
    tenantId: z.uuid(),
    id: z.uuid(),
    citizenAccountId: z.uuid().nullable().meta({ description: 'Le compte usager, quand le contact en a un.' }),
    givenName: z.string().nullable(),
    familyName: z.string().nullable(),
    email: z.string().nullable(),
    phone: z.string().nullable(),
    address: z.string().nullable(),
    createdAt: z.iso.datetime({ offset: true }),
  })
  .meta({ id: 'Contact' });

export const newContactSchema = contactInputSchema.refine((contact) => contact.familyName || contact.email || contact.phone, {
  message: "Indiquez au moins le nom, l'e-mail ou le téléphone.",
  path: ['familyName'],
});

export async function createContact(context: { tx: Transaction; actor: AgentActor; tenantId: string }, input: z.infer<typeof newContactSchema>) {
  const [created] = await context.tx.insert(contacts).values({ tenantId: context.tenantId, ...input }).returning();
  return created!;
}
