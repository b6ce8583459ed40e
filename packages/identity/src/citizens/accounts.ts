import { eq, sql } from 'drizzle-orm';
import { citizenAccounts, type CitizenAccount, type Transaction } from '@guichet/db';
import type { CitizenIdentity } from '@guichet/franceconnect';

/** Addresses are kept and compared in lower case: one address, one account per EPCI. */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

export async function accountByEmail(tx: Transaction, email: string): Promise<CitizenAccount | undefined> {
  const [account] = await tx
    .select()
    .from(citizenAccounts)
    .where(eq(sql`lower(${citizenAccounts.email})`, normalizeEmail(email)));
  return account;
}

export async function accountById(tx: Transaction, id: string): Promise<CitizenAccount | undefined> {
  const [account] = await tx.select().from(citizenAccounts).where(eq(citizenAccounts.id, id));
  return account;
}

export async function accountBySub(tx: Transaction, sub: string): Promise<CitizenAccount | undefined> {
  const [account] = await tx.select().from(citizenAccounts).where(eq(citizenAccounts.franceconnectSub, sub));
  return account;
}

/**
 * The identity pivot as FranceConnect vouches for it today: it is refreshed at every
 * FranceConnect sign-in, since the civil registry (a name change, a corrected birthplace)
 * is the source of truth, not what we stored.
 */
export function verifiedIdentity(sub: string, identity: CitizenIdentity, now = new Date()) {
  return {
    franceconnectSub: sub,
    givenName: identity.givenName ?? null,
    familyName: identity.familyName ?? null,
    birthdate: identity.birthdate ?? null,
    birthplace: identity.birthplace ?? null,
    birthcountry: identity.birthcountry ?? null,
    gender: identity.gender ?? null,
    identityVerifiedAt: now,
    updatedAt: now,
  };
}
