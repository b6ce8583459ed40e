import { Hono } from 'hono';
import type { Logger } from 'pino';
import { withTenant } from '@guichet/db';
import { SignInError } from '@guichet/franceconnect';
import {
  CitizenAuthError,
  citizenInputs,
  completeFranceConnectSignIn,
  completeFranceConnectSignOut,
  confirmIdentityLink,
  describePendingLink,
  requestPasswordReset,
  resendVerification,
  resetCitizenPassword,
  safeReturnPath,
  sendLinkCode,
  signInCitizenWithPassword,
  signOutCitizen,
  signUpCitizen,
  startFranceConnectSignIn,
  verifyCitizenEmail,
} from '@guichet/identity';
import { citizenPortal, publicOrigin, publicUrl } from '../citizen-portal.ts';
import { redirectErrorMessage, SIGN_OUT_UNCONFIRMED } from '../problems/citizens.ts';
import { clearCookie, FLOW_COOKIE, readCookie, SESSION_COOKIE, writeCookie } from '../cookies.ts';
import type { AppDependencies, AppEnv } from '../env.ts';
import { FRANCECONNECT_CALLBACK_PATH, FRANCECONNECT_SIGNED_OUT_PATH } from '../identity-dependencies.ts';
import { requireCommune } from '../middleware/site.ts';
import { validate } from '../validate.ts';

/**
 * A citizen's ways in on a commune portal: FranceConnect (with the confirmation of a link to an
 * existing account), e-mail and password (sign-up, confirmation, reset), and sign-out.
 * Browser navigations (FranceConnect's redirects) answer with redirects, the rest with JSON;
 * refusals are thrown by the verbs and become problems in this module's error handler.
 */
export function citizenAuthRoutes(deps: AppDependencies) {
  const { db } = deps;
  const { franceconnect, trustProxy } = deps.identity;

  /**
   * Where a FranceConnect refusal sends the browser: the sign-in page shows the French message
   * for the code. Logged by code and cause message only: the cause can hold token claims.
   */
  function refusalPage(log: Logger, error: SignInError): string {
    log.warn({ code: error.code, providerError: error.providerError, cause: (error.cause as Error | undefined)?.message }, 'franceconnect refused');
    return `/connexion?erreur=${error.code}`;
  }
  const unavailable = () => new SignInError('provider_unavailable', 'FranceConnect');

  return new Hono<AppEnv>()
    .use(requireCommune)
    .get('/session', (c) => c.json({ signedIn: c.var.session?.accountKind === 'citizen', franceconnect: franceconnect !== null }))
    .get('/erreurs/:code', (c) => c.json({ message: redirectErrorMessage(c.req.param('code')) }))

    .get('/franceconnect', async (c) => {
      if (!franceconnect) return c.redirect(refusalPage(c.var.log, unavailable()));
      try {
        const started = await startFranceConnectSignIn({
          db,
          portal: citizenPortal(c, deps),
          franceconnect,
          redirectUri: `${publicOrigin(c, trustProxy)}${FRANCECONNECT_CALLBACK_PATH}`,
          returnTo: safeReturnPath(c.req.query('retour')),
          purpose: { purpose: 'sign-in' },
        });
        writeCookie(c, FLOW_COOKIE, started.flowId, started.expiresAt);
        return c.redirect(started.url.href);
      } catch (error) {
        if (error instanceof SignInError) return c.redirect(refusalPage(c.var.log, error));
        throw error;
      }
    })
    .get('/franceconnect/callback', async (c) => {
      const flowId = readCookie(c, FLOW_COOKIE);
      clearCookie(c, FLOW_COOKIE);
      if (!franceconnect) return c.redirect(refusalPage(c.var.log, unavailable()));
      try {
        const outcome = await completeFranceConnectSignIn({
          db,
          portal: citizenPortal(c, deps),
          franceconnect,
          flowId,
          callbackUrl: publicUrl(c, trustProxy),
          session: c.var.session,
          ip: c.var.clientIp,
        });
        if (outcome.kind === 'confirm-link') {
          writeCookie(c, FLOW_COOKIE, outcome.flowId, outcome.expiresAt);
          return c.redirect('/confirmer-liaison');
        }
        if (outcome.kind === 'signed-in') writeCookie(c, SESSION_COOKIE, outcome.opened.token, outcome.opened.session.expiresAt);
        return c.redirect(outcome.returnTo);
      } catch (error) {
        if (error instanceof SignInError) return c.redirect(refusalPage(c.var.log, error));
        // Refusals of a link asked for from the account page are shown there, unless the
        // session is gone: then the sign-in page says so.
        if (error instanceof CitizenAuthError) {
          const page = error.code === 'link_session_lost' ? '/connexion' : '/mon-compte';
          return c.redirect(`${page}?erreur=${error.code}`);
        }
        throw error;
      }
    })
    .post('/deconnexion', async (c) => {
      const session = c.var.session;
      clearCookie(c, SESSION_COOKIE);
      if (!session || session.accountKind !== 'citizen') return c.json({ redirect: '/' });
      const outcome = await signOutCitizen({
        db,
        portal: citizenPortal(c, deps),
        session,
        franceconnect,
        postLogoutRedirectUri: `${publicOrigin(c, trustProxy)}${FRANCECONNECT_SIGNED_OUT_PATH}`,
        ip: c.var.clientIp,
      });
      if (outcome.signOutFlow) writeCookie(c, FLOW_COOKIE, outcome.signOutFlow.id, outcome.signOutFlow.expiresAt);
      return c.json({ redirect: outcome.redirect });
    })
    .get('/franceconnect/deconnecte', async (c) => {
      const flowId = readCookie(c, FLOW_COOKIE);
      clearCookie(c, FLOW_COOKIE);
      try {
        if (!franceconnect) throw unavailable();
        const returnTo = await completeFranceConnectSignOut({ db, portal: citizenPortal(c, deps), franceconnect, flowId, callbackUrl: publicUrl(c, trustProxy) });
        return c.redirect(returnTo);
      } catch (error) {
        if (!(error instanceof SignInError)) throw error;
        c.var.log.warn({ code: error.code }, 'franceconnect logout return refused');
        return c.redirect(`/connexion?erreur=${SIGN_OUT_UNCONFIRMED}`);
      }
    })

    .post('/inscription', validate('json', citizenInputs.signUpInput), async (c) => {
      const { email, password } = c.req.valid('json');
      await signUpCitizen({ db, portal: citizenPortal(c, deps), email, password, ip: c.var.clientIp });
      return c.json({ status: 'confirmation-envoyee' as const }, 202);
    })
    .post('/verification', validate('json', citizenInputs.verifyEmailInput), async (c) => {
      const portal = citizenPortal(c, deps);
      await withTenant(db, portal.tenantId, (tx) => verifyCitizenEmail({ tx, portal, token: c.req.valid('json').token, ip: c.var.clientIp }));
      return c.json({ verified: true as const });
    })
    .post('/verification/renvoi', validate('json', citizenInputs.emailOnlyInput), async (c) => {
      await resendVerification({ db, portal: citizenPortal(c, deps), email: c.req.valid('json').email, ip: c.var.clientIp });
      return c.json({ status: 'envoye-si-necessaire' as const }, 202);
    })
    .post('/connexion', validate('json', citizenInputs.signInInput), async (c) => {
      const { email, password, returnTo } = c.req.valid('json');
      const opened = await signInCitizenWithPassword({
        db,
        portal: citizenPortal(c, deps),
        email,
        password,
        ip: c.var.clientIp,
        replacing: c.var.session,
      });
      writeCookie(c, SESSION_COOKIE, opened.token, opened.session.expiresAt);
      return c.json({ redirect: safeReturnPath(returnTo) });
    })
    .post('/mot-de-passe/oubli', validate('json', citizenInputs.emailOnlyInput), async (c) => {
      await requestPasswordReset({ db, portal: citizenPortal(c, deps), email: c.req.valid('json').email, ip: c.var.clientIp });
      return c.json({ status: 'envoye-si-compte' as const }, 202);
    })
    .post('/mot-de-passe/reinitialisation', validate('json', citizenInputs.resetPasswordInput), async (c) => {
      const { token, password } = c.req.valid('json');
      const opened = await resetCitizenPassword({ db, portal: citizenPortal(c, deps), token, password, ip: c.var.clientIp });
      writeCookie(c, SESSION_COOKIE, opened.token, opened.session.expiresAt);
      return c.json({ redirect: '/mon-compte' });
    })

    .get('/liaison', async (c) => {
      const tenantId = c.var.site.tenant.id;
      const pending = await withTenant(db, tenantId, (tx) => describePendingLink({ tx, flowId: readCookie(c, FLOW_COOKIE) }));
      if (!pending) throw new CitizenAuthError('link_expired');
      return c.json({ email: pending.email, passwordProof: pending.passwordProof, expiresAt: pending.expiresAt.toISOString() });
    })
    .post('/liaison/code', async (c) => {
      await sendLinkCode({ db, portal: citizenPortal(c, deps), flowId: readCookie(c, FLOW_COOKIE), ip: c.var.clientIp });
      return c.json({ status: 'code-envoye' as const }, 202);
    })
    .post('/liaison', validate('json', citizenInputs.linkProofInput), async (c) => {
      const linked = await confirmIdentityLink({
        db,
        portal: citizenPortal(c, deps),
        flowId: readCookie(c, FLOW_COOKIE),
        proof: c.req.valid('json'),
        ip: c.var.clientIp,
        replacing: c.var.session,
      });
      clearCookie(c, FLOW_COOKIE);
      writeCookie(c, SESSION_COOKIE, linked.opened.token, linked.opened.session.expiresAt);
      return c.json({ redirect: linked.returnTo });
    });
}
