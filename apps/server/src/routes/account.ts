import { Hono } from 'hono';
import { withTenant } from '@guichet/db';
import {
  citizenInputs,
  getCitizenAccount,
  revokeCitizenSessions,
  setCitizenPassword,
  startFranceConnectSignIn,
  updateNotificationPreferences,
} from '@guichet/identity';
import { citizenPortal, publicOrigin } from '../citizen-portal.ts';
import { clearCookie, FLOW_COOKIE, SESSION_COOKIE, writeCookie } from '../cookies.ts';
import type { AppDependencies, AppEnv } from '../env.ts';
import { FRANCECONNECT_CALLBACK_PATH } from '../identity-dependencies.ts';
import { requireCitizen } from '../middleware/require-account.ts';
import { requireCommune } from '../middleware/site.ts';
import { validate } from '../validate.ts';

/**
 * The signed-in citizen's account: identity and ways in, notification preferences, password,
 * adding FranceConnect, signing out everywhere. The account is the EPCI's: the same on every
 * member commune's portal.
 */
export function accountRoutes(deps: AppDependencies) {
  const { db } = deps;
  const { franceconnect, trustProxy } = deps.identity;

  return new Hono<AppEnv>()
    .use(requireCommune)
    .use(requireCitizen)
    .get('/', async (c) => {
      const accountId = c.var.session.accountId;
      const account = await withTenant(db, c.var.site.tenant.id, (tx) => getCitizenAccount({ tx, accountId }));
      return c.json({ ...account, franceconnectAvailable: franceconnect !== null });
    })
    .patch('/preferences', validate('json', citizenInputs.preferencesInput), async (c) => {
      const accountId = c.var.session.accountId;
      const changes = c.req.valid('json');
      const preferences = await withTenant(db, c.var.site.tenant.id, (tx) => updateNotificationPreferences({ tx, accountId, changes }));
      return c.json({ preferences });
    })
    .put('/mot-de-passe', validate('json', citizenInputs.setPasswordInput), async (c) => {
      const { currentPassword, newPassword } = c.req.valid('json');
      const outcome = await setCitizenPassword({
        db,
        portal: citizenPortal(c, deps),
        session: c.var.session,
        currentPassword,
        newPassword,
        ip: c.var.clientIp,
      });
      return c.json(outcome);
    })
    .post('/franceconnect', async (c) => {
      if (!franceconnect) return c.json({ redirect: '/mon-compte?erreur=provider_unavailable' });
      const started = await startFranceConnectSignIn({
        db,
        portal: citizenPortal(c, deps),
        franceconnect,
        redirectUri: `${publicOrigin(c, trustProxy)}${FRANCECONNECT_CALLBACK_PATH}`,
        returnTo: '/mon-compte',
        purpose: { purpose: 'link', accountId: c.var.session.accountId },
      });
      writeCookie(c, FLOW_COOKIE, started.flowId, started.expiresAt);
      return c.json({ redirect: started.url.href });
    })
    .post('/deconnexion-partout', async (c) => {
      const revoked = await revokeCitizenSessions({ db, portal: citizenPortal(c, deps), accountId: c.var.session.accountId, ip: c.var.clientIp });
      clearCookie(c, SESSION_COOKIE);
      return c.json({ revoked, redirect: '/connexion' });
    });
}
