import { Hono } from 'hono';
import { withEpci } from '@guichet/db';
import { epciStaffAccounts } from '@guichet/identity';
import type { AppDependencies, AppEnv } from '../env.ts';
import { requireEpciStaff } from '../middleware/require-account.ts';
import { problem } from '../problems/problem.ts';
import { staffSignInRoutes } from './staff-sign-in.ts';

/** EPCI administrators' sign-in on their console's host: password + TOTP, like agents. */
export function epciAuthRoutes(deps: AppDependencies) {
  const signIn = staffSignInRoutes(deps, epciStaffAccounts, (site) =>
    site.kind === 'epci' ? { scope: { epciId: site.epci.id, tenantId: null }, totpIssuer: `Guichet – ${site.epci.name}` } : undefined,
  );
  return new Hono<AppEnv>().route('/', signIn).get('/moi', requireEpciStaff, async (c) => {
    const session = c.var.session;
    const site = c.var.site;
    const member = await withEpci(deps.db, session.epciId, (tx) => epciStaffAccounts.findById(tx, session.accountId));
    if (!member || site.kind !== 'epci') return problem(c, 'connexion-requise');
    return c.json({ id: member.id, displayName: member.displayName, email: member.email, epci: { name: site.epci.name } });
  });
}
