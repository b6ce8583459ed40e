import { createHash, randomBytes, randomInt } from 'node:crypto';
import { and, eq, gt, isNull } from 'drizzle-orm';
import { accountTokens, type TokenPurpose, type Transaction } from '@guichet/db';

/** How long a mailed token works: a day to confirm an address, an hour to reset a password, minutes for a code. */
const TOKEN_LIFETIME_MS = {
  verify_email: 24 * 3600_000,
  reset_password: 3600_000,
  link_identity: 10 * 60_000,
  delete_account: 15 * 60_000,
} as const satisfies Partial<Record<TokenPurpose, number>>;

type CitizenTokenPurpose = keyof typeof TOKEN_LIFETIME_MS;

function digest(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

/**
 * A single-use token for a mailed link; only its SHA-256 is stored. It belongs to the commune
 * whose portal issued it: the link leads back there, and another commune's transaction
 * cannot see it.
 */
export async function issueLinkToken(
  tx: Transaction,
  input: { epciId: string; tenantId: string; purpose: CitizenTokenPurpose; accountId: string },
): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  await tx.insert(accountTokens).values({
    epciId: input.epciId,
    tenantId: input.tenantId,
    tokenHash: digest(token),
    purpose: input.purpose,
    accountKind: 'citizen',
    accountId: input.accountId,
    expiresAt: new Date(Date.now() + TOKEN_LIFETIME_MS[input.purpose]),
  });
  return token;
}

/**
 * A six-digit code mailed to confirm an act (linking an identity, deleting the account). Six
 * digits collide across people, so the stored hash covers what the code is for (`scope`: the
 * pending link's id, the account's id) too; guessing is held back by the attempt counters. A
 * new code replaces the previous one of that purpose: only the latest mail is valid.
 */
export async function issueCode(
  tx: Transaction,
  input: { epciId: string; tenantId: string; accountId: string; purpose: 'link_identity' | 'delete_account'; scope: string },
): Promise<string> {
  const code = randomInt(0, 1_000_000).toString().padStart(6, '0');
  await tx
    .update(accountTokens)
    .set({ usedAt: new Date() })
    .where(and(eq(accountTokens.purpose, input.purpose), eq(accountTokens.accountId, input.accountId), isNull(accountTokens.usedAt)));
  await tx.insert(accountTokens).values({
    epciId: input.epciId,
    tenantId: input.tenantId,
    tokenHash: digest(codeSecret(input.scope, code)),
    purpose: input.purpose,
    accountKind: 'citizen',
    accountId: input.accountId,
    expiresAt: new Date(Date.now() + TOKEN_LIFETIME_MS[input.purpose]),
  });
  return code;
}

/** Marks the token used and names its account; null when it is unknown, used or expired. */
export async function spendToken(
  tx: Transaction,
  input: { tenantId: string; purpose: CitizenTokenPurpose; secret: string; accountId?: string },
): Promise<{ accountId: string } | null> {
  const [spent] = await tx
    .update(accountTokens)
    .set({ usedAt: new Date() })
    .where(
      and(
        eq(accountTokens.tokenHash, digest(input.secret)),
        eq(accountTokens.purpose, input.purpose),
        eq(accountTokens.accountKind, 'citizen'),
        eq(accountTokens.tenantId, input.tenantId),
        input.accountId === undefined ? undefined : eq(accountTokens.accountId, input.accountId),
        isNull(accountTokens.usedAt),
        gt(accountTokens.expiresAt, new Date()),
      ),
    )
    .returning({ accountId: accountTokens.accountId });
  return spent ?? null;
}

/** What a mailed code's hash covers: the code and what it is for. */
export function codeSecret(scope: string, code: string): string {
  return `${scope}:${code}`;
}
