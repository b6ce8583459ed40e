import { and, eq, isNull, lt, or, sql } from 'drizzle-orm';
import { agents, epciStaff, type AccountKind, type Transaction } from '@guichet/db';

/** Agents (of a commune) and EPCI staff sign in the same way: password, then TOTP. */
export type StaffKind = Extract<AccountKind, 'agent' | 'epci_staff'>;

export type StaffAccount = {
  id: string;
  displayName: string;
  email: string;
  passwordHash: string | null;
  totpSecret: string | null;
  totpEnabledAt: Date | null;
  disabledAt: Date | null;
};

/**
 * The rows of one kind of staff account, seen through the caller's transaction (a commune's
 * for agents, an EPCI console's for its staff): RLS decides which rows exist at all.
 */
export type StaffAccounts = {
  kind: StaffKind;
  findByEmail(tx: Transaction, email: string): Promise<StaffAccount | undefined>;
  findById(tx: Transaction, id: string): Promise<StaffAccount | undefined>;
  setPassword(tx: Transaction, id: string, passwordHash: string): Promise<void>;
  /** A secret awaiting its first code; replaced if enrolment starts again. */
  setPendingTotpSecret(tx: Transaction, id: string, sealedSecret: string): Promise<void>;
  enableTotp(tx: Transaction, id: string, step: number): Promise<void>;
  /** Records `step` as used; false when it (or a later one) was already used: a replayed code. */
  acceptTotpStep(tx: Transaction, id: string, step: number): Promise<boolean>;
};

const columns = (table: typeof agents | typeof epciStaff) => ({
  id: table.id,
  displayName: table.displayName,
  email: table.email,
  passwordHash: table.passwordHash,
  totpSecret: table.totpSecret,
  totpEnabledAt: table.totpEnabledAt,
  disabledAt: table.disabledAt,
});

export const agentAccounts: StaffAccounts = {
  kind: 'agent',
  async findByEmail(tx, email) {
    const [row] = await tx.select(columns(agents)).from(agents).where(sql`lower(${agents.email}) = ${email.trim().toLowerCase()}`);
    return row;
  },
  async findById(tx, id) {
    const [row] = await tx.select(columns(agents)).from(agents).where(eq(agents.id, id));
    return row;
  },
  async setPassword(tx, id, passwordHash) {
    await tx.update(agents).set({ passwordHash, updatedAt: new Date() }).where(eq(agents.id, id));
  },
  async setPendingTotpSecret(tx, id, sealedSecret) {
    await tx.update(agents).set({ totpSecret: sealedSecret, totpEnabledAt: null, totpLastStep: null }).where(eq(agents.id, id));
  },
  async enableTotp(tx, id, step) {
    await tx.update(agents).set({ totpEnabledAt: new Date(), totpLastStep: step }).where(eq(agents.id, id));
  },
  async acceptTotpStep(tx, id, step) {
    const accepted = await tx
      .update(agents)
      .set({ totpLastStep: step })
      .where(and(eq(agents.id, id), or(isNull(agents.totpLastStep), lt(agents.totpLastStep, step))))
      .returning({ id: agents.id });
    return accepted.length === 1;
  },
};

export const epciStaffAccounts: StaffAccounts = {
  kind: 'epci_staff',
  async findByEmail(tx, email) {
    const [row] = await tx.select(columns(epciStaff)).from(epciStaff).where(sql`lower(${epciStaff.email}) = ${email.trim().toLowerCase()}`);
    return row;
  },
  async findById(tx, id) {
    const [row] = await tx.select(columns(epciStaff)).from(epciStaff).where(eq(epciStaff.id, id));
    return row;
  },
  async setPassword(tx, id, passwordHash) {
    await tx.update(epciStaff).set({ passwordHash }).where(eq(epciStaff.id, id));
  },
  async setPendingTotpSecret(tx, id, sealedSecret) {
    await tx.update(epciStaff).set({ totpSecret: sealedSecret, totpEnabledAt: null, totpLastStep: null }).where(eq(epciStaff.id, id));
  },
  async enableTotp(tx, id, step) {
    await tx.update(epciStaff).set({ totpEnabledAt: new Date(), totpLastStep: step }).where(eq(epciStaff.id, id));
  },
  async acceptTotpStep(tx, id, step) {
    const accepted = await tx
      .update(epciStaff)
      .set({ totpLastStep: step })
      .where(and(eq(epciStaff.id, id), or(isNull(epciStaff.totpLastStep), lt(epciStaff.totpLastStep, step))))
      .returning({ id: epciStaff.id });
    return accepted.length === 1;
  },
};
