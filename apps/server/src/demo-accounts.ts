import { and, eq, isNull } from 'drizzle-orm';
import { agents, epcis, epciStaff, tenants, withEpci, withTenant, type Database } from '@guichet/db';
import { hashPassword } from '@guichet/identity';

/**
 * The password of the demo communes' declared agents and EPCI staff in the embedded default
 * (`npm start`), printed at start and written in the README. Never set with a real database.
 */
export const DEMO_STAFF_PASSWORD = 'guichet-demo-2026';

/** Gives the demo password to declared accounts that have none yet; the second factor is enrolled at first sign-in. */
export async function giveDemoPasswords(db: Database): Promise<number> {
  let given = 0;
  for (const commune of await db.select({ id: tenants.id }).from(tenants)) {
    given += await withTenant(db, commune.id, async (tx) => {
      const waiting = await tx.select({ id: agents.id }).from(agents).where(and(eq(agents.declaredInFile, true), isNull(agents.passwordHash)));
      for (const agent of waiting) await tx.update(agents).set({ passwordHash: await hashPassword(DEMO_STAFF_PASSWORD) }).where(eq(agents.id, agent.id));
      return waiting.length;
    });
  }
  for (const epci of await db.select({ id: epcis.id }).from(epcis)) {
    given += await withEpci(db, epci.id, async (tx) => {
      const waiting = await tx.select({ id: epciStaff.id }).from(epciStaff).where(isNull(epciStaff.passwordHash));
      for (const member of waiting) await tx.update(epciStaff).set({ passwordHash: await hashPassword(DEMO_STAFF_PASSWORD) }).where(eq(epciStaff.id, member.id));
      return waiting.length;
    });
  }
  return given;
}
