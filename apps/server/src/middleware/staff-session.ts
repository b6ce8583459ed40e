import { createMiddleware } from 'hono/factory';
import type { Session } from '@guichet/db';
import type { StaffKind } from '@guichet/identity';
import type { AppEnv } from '../env.ts';
import { problem } from '../problems/problem.ts';

type WithSession = { Variables: { session: Session } };

/** A session of this kind of staff account, whether or not the second factor is passed yet. */
export function requireStaffSession(kind: StaffKind) {
  return createMiddleware<AppEnv & WithSession>(async (c, next) => {
    const session = c.var.session;
    if (!session || session.accountKind !== kind) {
      return problem(c, 'connexion-requise');
    }
    await next();
  });
}

/** Between the password and the second factor: the only state in which a code is asked for. */
export function requirePendingSecondFactor(kind: StaffKind) {
  return createMiddleware<AppEnv & WithSession>(async (c, next) => {
    const session = c.var.session;
    if (!session || session.accountKind !== kind) {
      return problem(c, 'connexion-requise', { title: "Saisissez d'abord votre adresse e-mail et votre mot de passe." });
    }
    if (session.secondFactorVerified) {
      return problem(c, 'deja-connecte');
    }
    await next();
  });
}
