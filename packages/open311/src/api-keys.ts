import { createHash, randomBytes } from 'node:crypto';
import { and, desc, eq, isNull } from 'drizzle-orm';
import { z } from 'zod';
import { apiKeys, type Transaction } from '@guichet/db';
import { Open311Error } from './open311-error.ts';

/** Only the key's SHA-256 is kept: a leaked table gives no one a working key. */
function hashOf(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

/**
 * A new key for one Open311 client of the commune. The key itself is returned this once and
 * never again; 32 random bytes need no slow hash to resist guessing.
 */
export async function createApiKey(tx: Transaction, input: { tenantId: string; label: string }): Promise<{ id: string; key: string }> {
  const key = `o311_${randomBytes(32).toString('base64url')}`;
  const [created] = await tx
    .insert(apiKeys)
    .values({ tenantId: input.tenantId, label: input.label, keyHash: hashOf(key) })
    .returning({ id: apiKeys.id });
  return { id: created!.id, key };
}

/** A key as the API lists it: its name and dates, never the key itself. */
export const apiKeySchema = z
  .object({
    id: z.uuid(),
    label: z.string().meta({ description: 'Le client qui utilise la clé.', example: 'Application de signalement DansMaRue' }),
    createdAt: z.iso.datetime({ offset: true }),
    revokedAt: z.iso.datetime({ offset: true }).nullable().meta({ description: 'Null tant que la clé sert.' }),
  })
  .meta({ id: 'CleOpen311' });

/** A key just created, shown this once. */
export const issuedApiKeySchema = z
  .object({
    id: z.uuid(),
    label: z.string(),
    key: z.string().meta({ description: 'La clé à donner au client (paramètre `api_key` d’Open311) ; elle ne sera plus jamais affichée.' }),
  })
  .meta({ id: 'NouvelleCleOpen311' });

export async function listApiKeys(tx: Transaction) {
  return tx
    .select({ id: apiKeys.id, label: apiKeys.label, createdAt: apiKeys.createdAt, revokedAt: apiKeys.revokedAt })
    .from(apiKeys)
    .orderBy(desc(apiKeys.createdAt));
}

/** Revoked keys stay listed: the requests they filed still name them. Returns false if unknown. */
export async function revokeApiKey(tx: Transaction, id: string, now = new Date()): Promise<boolean> {
  const [revoked] = await tx
    .update(apiKeys)
    .set({ revokedAt: now })
    .where(and(eq(apiKeys.id, id), isNull(apiKeys.revokedAt)))
    .returning({ id: apiKeys.id });
  if (revoked) return true;
  const [known] = await tx.select({ id: apiKeys.id }).from(apiKeys).where(eq(apiKeys.id, id));
  return known !== undefined;
}

/** The commune's live key `key` names, or a 403 as the specification answers a bad api_key. */
export async function authenticateClient(tx: Transaction, key: string | undefined): Promise<{ id: string; label: string }> {
  if (!key) throw new Open311Error(403, 'api_key : une clé d’API est requise pour déposer une demande.');
  const [found] = await tx
    .select({ id: apiKeys.id, label: apiKeys.label })
    .from(apiKeys)
    .where(and(eq(apiKeys.keyHash, hashOf(key)), isNull(apiKeys.revokedAt)));
  if (!found) throw new Open311Error(403, 'api_key : clé d’API inconnue ou révoquée.');
  return found;
}
