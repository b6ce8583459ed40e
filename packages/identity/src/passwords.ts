import { hash, verify } from '@node-rs/argon2';

/**
 * argon2id with OWASP's second recommended profile (19 MiB, 2 passes, 1 lane): about 20 ms
 * here, so a login costs little to us and much to an attacker with a stolen table.
 */
const ARGON2ID = { algorithm: 2, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return hash(password, ARGON2ID);
}

export async function verifyPassword(hashed: string | null | undefined, password: string): Promise<boolean> {
  // Without a hash we still spend the same time, so that timing does not tell which accounts exist.
  if (!hashed) {
    await hash(password, ARGON2ID);
    return false;
  }
  return verify(hashed, password).catch(() => false);
}
