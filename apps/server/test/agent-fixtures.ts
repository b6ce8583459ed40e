import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { TOTP, Secret } from 'otpauth';
import { expect } from 'vitest';
import { agents, agentServices, epciStaff, services, withEpci, withTenant, type AgentRole, type Database, type Tenant } from '@guichet/db';
import { hashPassword } from '@guichet/identity';
import { readJson, type HttpClient } from '@guichet/testing';

export const PASSWORD = 'un mot de passe assez long';

/** An agent of `commune` with a password, made for one test so that tests never share accounts. */
export async function createAgent(db: Database, commune: Tenant, input: { role: AgentRole; services?: string[]; name?: string }) {
  const email = `${input.role.replace('_', '-')}-${randomUUID().slice(0, 8)}@${commune.slug}.example.fr`;
  const passwordHash = await hashPassword(PASSWORD);
  const id = await withTenant(db, commune.id, async (tx) => {
    const [agent] = await tx
      .insert(agents)
      .values({ tenantId: commune.id, email, displayName: input.name ?? 'Camille Test', role: input.role, passwordHash })
      .returning({ id: agents.id });
    for (const slug of input.services ?? []) {
      const [service] = await tx.select({ id: services.id }).from(services).where(eq(services.slug, slug));
      await tx.insert(agentServices).values({ tenantId: commune.id, agentId: agent!.id, serviceId: service!.id });
    }
    return agent!.id;
  });
  return { id, email, password: PASSWORD };
}

/** A member of an EPCI's staff with a password. */
export async function createEpciStaff(db: Database, epciId: string, epciSlug: string) {
  const email = `admin-${randomUUID().slice(0, 8)}@${epciSlug}.example.fr`;
  const passwordHash = await hashPassword(PASSWORD);
  await withEpci(db, epciId, (tx) => tx.insert(epciStaff).values({ epciId, email, displayName: 'Dominique Test', passwordHash }));
  return { email, password: PASSWORD };
}

/** The code an authenticator app shows for `secret`, `steps` periods from now. */
export function totpCode(secret: string, steps = 0): string {
  return TOTP.generate({ secret: Secret.fromBase32(secret), algorithm: 'SHA1', digits: 6, period: 30, timestamp: Date.now() + steps * 30_000 });
}

/**
 * Signs in with password and enrols TOTP as a first sign-in does, on a commune's agent space or
 * on an EPCI's console; returns the secret the enrolment gave (the step it used is the current
 * one: the next code to use is one step ahead).
 */
export async function signInAndEnrol(client: HttpClient, space: 'agent' | 'console', account: { email: string; password: string }): Promise<string> {
  const auth = space === 'agent' ? client.api.agent.auth : client.api.console.auth;
  const signIn = await auth.connexion.$post({ json: { email: account.email, password: account.password } });
  expect(signIn.status).toBe(200);
  expect(await readJson(signIn)).toEqual({ next: 'totp_enrolment' });
  const enrolment = await auth.totp.inscription.$post();
  expect(enrolment.status).toBe(200);
  const { secret, uri } = await readJson(enrolment);
  expect(uri).toMatch(/^otpauth:\/\/totp\//);
  const activation = await auth.totp.activation.$post({ json: { code: totpCode(secret) } });
  expect(activation.status).toBe(200);
  return secret;
}
