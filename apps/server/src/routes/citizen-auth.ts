import { createRoute } from '@hono/zod-openapi';
import type { Logger } from 'pino';
import { z } from 'zod';
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
  verifyCitizenEmail,
} from '@guichet/identity';
import { beginFranceConnect, citizenPortal, deleteSignedInAccount, startCitizenSession } from '../citizen-portal.ts';
import { publicUrl } from '../middleware/public-origin.ts';
import { redirectErrorMessage, SIGN_OUT_UNCONFIRMED } from '../problems/citizens.ts';
import { clearCookie, FLOW_COOKIE, readCookie, SESSION_COOKIE, writeCookie } from '../cookies.ts';
import type { AppDependencies } from '../env.ts';
import { FRANCECONNECT_SIGNED_OUT_PATH } from '../identity-dependencies.ts';
import { requireCommune } from '../middleware/site.ts';
import { asAnyoneOrCitizen } from '../openapi/access.ts';
import { jsonBody, jsonResponse, problemResponses, redirectResponse } from '../openapi/responses.ts';
import { createRouter } from '../openapi/router.ts';

const sessionSchema = z.object({
  signedIn: z.boolean().meta({ description: 'Un usager est connecté sur ce portail.' }),
  franceconnect: z.boolean().meta({ description: 'La plateforme propose la connexion par FranceConnect.' }),
});
const redirectSchema = z
  .object({ redirect: z.string().meta({ description: 'L’adresse où envoyer le navigateur : une page du portail, ou celle de FranceConnect.', example: '/mon-compte' }) })
  .meta({ id: 'Redirection' });
const pendingLinkSchema = z.object({
  email: z.email().meta({ description: 'L’adresse transmise par FranceConnect, qui est celle du compte existant.' }),
  passwordProof: z.boolean().meta({
    description: 'Le mot de passe du compte peut servir de preuve (seulement si son adresse a été confirmée) ; sinon, seul le code envoyé par e-mail.',
  }),
  expiresAt: z.iso.datetime({ offset: true }).meta({ description: 'La fin de validité de la demande de liaison.' }),
});
const errorCodeParam = z.object({
  code: z.string().meta({ description: 'Le code reçu dans `?erreur=`.', example: 'cancelled' }),
});
const franceConnectStartQuery = z.object({
  retour: z.string().optional().meta({ description: 'La page du portail où revenir une fois connecté (un chemin du portail ; sinon `/mon-compte`).', example: '/mes-demandes' }),
});
const franceConnectCallbackQuery = z.object({
  code: z.string().optional().meta({ description: 'Le code d’autorisation donné par FranceConnect.' }),
  state: z.string().optional(),
  error: z.string().optional().meta({ description: 'Le refus de FranceConnect (`access_denied`…), à la place de `code`.' }),
  error_description: z.string().optional(),
});
const flowCookieNote = 'Lit le cookie `guichet_flow` (`__Host-guichet_flow` en HTTPS) posé par le retour de FranceConnect.';

const tags = ['Connexion usager'];

const sessionOperation = createRoute({
  method: 'get',
  path: '/session',
  tags,
  summary: 'Savoir si un usager est connecté',
  middleware: [requireCommune] as const,
  security: asAnyoneOrCitizen,
  responses: {
    200: jsonResponse(sessionSchema, 'L’état de la session sur ce portail.'),
    ...problemResponses('commune-requise'),
  },
});

const errorMessageOperation = createRoute({
  method: 'get',
  path: '/erreurs/{code}',
  tags,
  summary: 'Lire le message d’une erreur de connexion',
  description:
    'Les redirections de FranceConnect signalent un refus par `?erreur={code}` sur `/connexion` ou `/mon-compte` : cette opération en donne la phrase à afficher, en français. Un code inconnu reçoit un message général.',
  middleware: [requireCommune] as const,
  security: [],
  request: { params: errorCodeParam },
  responses: {
    200: jsonResponse(z.object({ message: z.string().meta({ example: 'La connexion avec FranceConnect a été annulée. Vous pouvez réessayer ou choisir un autre mode de connexion.' }) }), 'Le message à afficher.'),
    ...problemResponses('validation', 'commune-requise'),
  },
});

const franceConnectOperation = createRoute({
  method: 'get',
  path: '/franceconnect',
  tags,
  summary: 'Se connecter avec FranceConnect',
  description:
    'Une navigation du navigateur (pas un appel JSON) : redirige vers FranceConnect, qui renvoie sur `GET /api/auth/franceconnect/callback`. Si FranceConnect est indisponible, redirige vers `/connexion?erreur={code}`.',
  middleware: [requireCommune] as const,
  security: [],
  request: { query: franceConnectStartQuery },
  responses: {
    302: redirectResponse('Vers FranceConnect, ou vers `/connexion?erreur={code}` en cas de refus.'),
    ...problemResponses('validation', 'commune-requise'),
  },
});

const franceConnectCallbackOperation = createRoute({
  method: 'get',
  path: '/franceconnect/callback',
  tags,
  summary: 'Revenir de FranceConnect',
  description: `Le retour de FranceConnect, appelé par le navigateur. Selon le cas, redirige :
- vers la page demandée au départ (\`retour\`), l’usager connecté (compte existant, ou créé avec l’identité FranceConnect) ;
- vers \`/mon-compte\` après une liaison demandée depuis le compte (\`POST /api/compte/franceconnect\`) ;
- vers \`/confirmer-liaison\` quand un compte a déjà cette adresse e-mail : son titulaire doit prouver qu’il en est le propriétaire (\`GET\` puis \`POST /api/auth/liaison\`) ;
- vers \`/connexion?erreur={code}\` ou \`/mon-compte?erreur={code}\` en cas de refus (voir \`GET /api/auth/erreurs/{code}\`).`,
  middleware: [requireCommune] as const,
  security: asAnyoneOrCitizen,
  request: { query: franceConnectCallbackQuery },
  responses: {
    302: redirectResponse('Vers la page qui suit la connexion, ou celle qui affiche le refus.'),
    ...problemResponses('validation', 'commune-requise'),
  },
});

const signOutOperation = createRoute({
  method: 'post',
  path: '/deconnexion',
  tags,
  summary: 'Se déconnecter',
  description:
    'Ferme la session sur ce portail. Une session ouverte par FranceConnect se termine aussi chez FranceConnect : `redirect` y mène, et FranceConnect renvoie sur `GET /api/auth/franceconnect/deconnecte`.',
  middleware: [requireCommune] as const,
  security: asAnyoneOrCitizen,
  responses: {
    200: jsonResponse(redirectSchema, 'La session est fermée ; le navigateur doit suivre `redirect`.'),
    ...problemResponses('commune-requise'),
  },
});

const franceConnectSignedOutOperation = createRoute({
  method: 'get',
  path: '/franceconnect/deconnecte',
  tags,
  summary: 'Revenir de la déconnexion FranceConnect',
  description:
    'Le retour de la page de déconnexion de FranceConnect, appelé par le navigateur. Si le retour ne peut être vérifié, la session du portail est fermée quand même et le navigateur va sur `/connexion?erreur=signed_out_unconfirmed`.',
  middleware: [requireCommune] as const,
  security: [],
  request: { query: z.object({ state: z.string().optional() }) },
  responses: {
    302: redirectResponse('Vers l’accueil du portail, ou vers `/connexion?erreur=signed_out_unconfirmed`.'),
    ...problemResponses('validation', 'commune-requise'),
  },
});

const signUpOperation = createRoute({
  method: 'post',
  path: '/inscription',
  tags,
  summary: 'Créer un compte',
  description:
    'Envoie un lien de confirmation à l’adresse (à suivre avec `POST /api/auth/verification`) : le compte ne sert qu’une fois l’adresse confirmée. La réponse est la même si l’adresse a déjà un compte (son titulaire reçoit alors un e-mail qui le dit) : elle ne révèle pas qui a un compte.',
  middleware: [requireCommune] as const,
  security: [],
  request: {
    body: jsonBody(citizenInputs.signUpInput, { email: 'camille.martin@example.fr', password: 'cheval-agrafe-batterie-correct', acceptTerms: true }),
  },
  responses: {
    202: jsonResponse(z.object({ status: z.literal('confirmation_sent') }), 'Un lien de confirmation part par e-mail.'),
    ...problemResponses('validation', 'trop-de-tentatives', 'commune-requise'),
  },
});

const verifyOperation = createRoute({
  method: 'post',
  path: '/verification',
  tags,
  summary: 'Confirmer mon adresse e-mail',
  description: 'Avec le jeton du lien reçu par e-mail (`/verifier-email?jeton=…`). Le lien ne sert qu’une fois.',
  middleware: [requireCommune] as const,
  security: [],
  request: { body: jsonBody(citizenInputs.verifyEmailInput, { token: 'k3Jd9sLq0PzX7vB2nW5eYt8uR1aF4gHc' }) },
  responses: {
    200: jsonResponse(z.object({ verified: z.literal(true) }), 'L’adresse est confirmée : l’usager peut se connecter.'),
    ...problemResponses('validation', 'lien-invalide', 'commune-requise'),
  },
});

const resendOperation = createRoute({
  method: 'post',
  path: '/verification/renvoi',
  tags,
  summary: 'Recevoir un nouveau lien de confirmation',
  description: 'Un lien part seulement si l’adresse a un compte pas encore confirmé ; la réponse est la même dans tous les cas.',
  middleware: [requireCommune] as const,
  security: [],
  request: { body: jsonBody(citizenInputs.emailOnlyInput, { email: 'camille.martin@example.fr' }) },
  responses: {
    202: jsonResponse(z.object({ status: z.literal('sent_if_needed') }), 'Un lien part si nécessaire.'),
    ...problemResponses('validation', 'trop-de-tentatives', 'commune-requise'),
  },
});

const signInOperation = createRoute({
  method: 'post',
  path: '/connexion',
  tags,
  summary: 'Se connecter avec e-mail et mot de passe',
  description:
    'Ouvre la session (cookie `guichet_session`, `__Host-guichet_session` en HTTPS). Les tentatives sont comptées par adresse et par adresse IP : au-delà, elles sont suspendues un moment.',
  middleware: [requireCommune] as const,
  security: [],
  request: {
    body: jsonBody(citizenInputs.signInInput, { email: 'camille.martin@example.fr', password: 'cheval-agrafe-batterie-correct', returnTo: '/mes-demandes' }),
  },
  responses: {
    200: jsonResponse(redirectSchema, 'L’usager est connecté ; `redirect` est la page demandée (`returnTo`, si c’est une page du portail) ou `/mon-compte`.'),
    ...problemResponses('validation', 'identifiants-incorrects', 'adresse-non-confirmee', 'trop-de-tentatives', 'commune-requise'),
  },
});

const forgotPasswordOperation = createRoute({
  method: 'post',
  path: '/mot-de-passe/oubli',
  tags,
  summary: 'Demander un lien pour choisir un nouveau mot de passe',
  description: 'Le lien part seulement si l’adresse a un compte ; la réponse est la même dans tous les cas. Il se suit avec `POST /api/auth/mot-de-passe/reinitialisation`.',
  middleware: [requireCommune] as const,
  security: [],
  request: { body: jsonBody(citizenInputs.emailOnlyInput, { email: 'camille.martin@example.fr' }) },
  responses: {
    202: jsonResponse(z.object({ status: z.literal('sent_if_account_exists') }), 'Un lien part si l’adresse a un compte.'),
    ...problemResponses('validation', 'trop-de-tentatives', 'commune-requise'),
  },
});

const resetPasswordOperation = createRoute({
  method: 'post',
  path: '/mot-de-passe/reinitialisation',
  tags,
  summary: 'Choisir un nouveau mot de passe',
  description: 'Avec le jeton du lien reçu par e-mail. Ferme les autres sessions du compte et connecte l’usager.',
  middleware: [requireCommune] as const,
  security: [],
  request: {
    body: jsonBody(citizenInputs.resetPasswordInput, { token: 'k3Jd9sLq0PzX7vB2nW5eYt8uR1aF4gHc', password: 'cheval-agrafe-batterie-correct' }),
  },
  responses: {
    200: jsonResponse(redirectSchema, 'Le mot de passe est changé et l’usager connecté ; `redirect` vaut `/mon-compte`.'),
    ...problemResponses('validation', 'lien-invalide', 'trop-de-tentatives', 'commune-requise'),
  },
});

const pendingLinkOperation = createRoute({
  method: 'get',
  path: '/liaison',
  tags,
  summary: 'Voir la liaison FranceConnect à confirmer',
  description: `FranceConnect a donné l’adresse d’un compte existant : le titulaire confirme la liaison avec \`POST /api/auth/liaison\`. ${flowCookieNote}`,
  middleware: [requireCommune] as const,
  security: [],
  responses: {
    200: jsonResponse(pendingLinkSchema, 'Le compte en attente de liaison.'),
    ...problemResponses('liaison-expiree', 'commune-requise'),
  },
});

const linkCodeOperation = createRoute({
  method: 'post',
  path: '/liaison/code',
  tags,
  summary: 'Recevoir un code pour confirmer la liaison',
  description: `Envoie un code à 6 chiffres à l’adresse du compte en attente de liaison. ${flowCookieNote}`,
  middleware: [requireCommune] as const,
  security: [],
  responses: {
    202: jsonResponse(z.object({ status: z.literal('code_sent') }), 'Le code part par e-mail.'),
    ...problemResponses('liaison-expiree', 'trop-de-tentatives', 'commune-requise'),
  },
});

const confirmLinkOperation = createRoute({
  method: 'post',
  path: '/liaison',
  tags,
  summary: 'Confirmer la liaison avec FranceConnect',
  description: `Prouve que le compte est le sien, par son mot de passe (si son adresse a été confirmée) ou par le code reçu (\`POST /api/auth/liaison/code\`) : l’identité FranceConnect est reliée au compte et l’usager connecté. ${flowCookieNote}`,
  middleware: [requireCommune] as const,
  security: asAnyoneOrCitizen,
  request: { body: jsonBody(citizenInputs.linkProofInput, { method: 'code', code: '482913' }) },
  responses: {
    200: jsonResponse(redirectSchema, 'La liaison est faite et l’usager connecté ; `redirect` est la page demandée au départ.'),
    ...problemResponses('validation', 'liaison-expiree', 'code-requis', 'preuve-incorrecte', 'identite-deja-reliee', 'trop-de-tentatives', 'commune-requise'),
  },
});

/**
 * A citizen's ways in on a commune portal: FranceConnect (with the confirmation of a link to an
 * existing account), e-mail and password (sign-up, confirmation, reset), and sign-out.
 * Browser navigations (FranceConnect's redirects) answer with redirects, the rest with JSON;
 * refusals are thrown by the verbs and become problems in this module's error handler.
 */
export function citizenAuthRoutes(deps: AppDependencies) {
  const { db } = deps;
  const { franceconnect } = deps.identity;

  /**
   * Where a FranceConnect refusal sends the browser: the sign-in page shows the French message
   * for the code. Logged by code and cause message only: the cause can hold token claims.
   */
  function refusalPage(log: Logger, error: SignInError): string {
    log.warn({ code: error.code, providerError: error.providerError, cause: (error.cause as Error | undefined)?.message }, 'franceconnect refused');
    return `/connexion?erreur=${error.code}`;
  }
  const unavailable = () => new SignInError('provider_unavailable', 'FranceConnect');

  return createRouter()
    .openapi(sessionOperation, (c) => c.json({ signedIn: c.var.session?.accountKind === 'citizen', franceconnect: franceconnect !== null }, 200))
    .openapi(errorMessageOperation, (c) => c.json({ message: redirectErrorMessage(c.req.valid('param').code) }, 200))

    .openapi(franceConnectOperation, async (c) => {
      if (!franceconnect) return c.redirect(refusalPage(c.var.log, unavailable()), 302);
      try {
        const provider = await beginFranceConnect(c, deps, franceconnect, { returnTo: safeReturnPath(c.req.valid('query').retour), purpose: { purpose: 'sign-in' } });
        return c.redirect(provider, 302);
      } catch (error) {
        if (error instanceof SignInError) return c.redirect(refusalPage(c.var.log, error), 302);
        throw error;
      }
    })
    .openapi(franceConnectCallbackOperation, async (c) => {
      const flowId = readCookie(c, FLOW_COOKIE);
      clearCookie(c, FLOW_COOKIE);
      if (!franceconnect) return c.redirect(refusalPage(c.var.log, unavailable()), 302);
      try {
        const outcome = await completeFranceConnectSignIn(
          { db, portal: citizenPortal(c, deps), franceconnect, session: c.var.session, ip: c.var.clientIp },
          { flowId, callbackUrl: publicUrl(c) },
        );
        if (outcome.kind === 'confirm_link') {
          writeCookie(c, FLOW_COOKIE, outcome.flowId, outcome.expiresAt);
          return c.redirect('/confirmer-liaison', 302);
        }
        if (outcome.kind === 'signed_in' || outcome.kind === 'linked') await startCitizenSession(c, outcome.opened);
        if (outcome.kind === 'reauthenticated') await deleteSignedInAccount(c, deps, { method: 'franceconnect', sub: outcome.sub });
        return c.redirect(outcome.returnTo, 302);
      } catch (error) {
        if (error instanceof SignInError) return c.redirect(refusalPage(c.var.log, error), 302);
        // Refusals of a link asked for from the account page are shown there, unless the
        // session is gone: then the sign-in page says so.
        if (error instanceof CitizenAuthError) {
          const page = error.code === 'link_session_lost' ? '/connexion' : '/mon-compte';
          return c.redirect(`${page}?erreur=${error.code}`, 302);
        }
        throw error;
      }
    })
    .openapi(signOutOperation, async (c) => {
      const session = c.var.session;
      clearCookie(c, SESSION_COOKIE);
      if (!session || session.accountKind !== 'citizen') return c.json({ redirect: '/' }, 200);
      const outcome = await signOutCitizen({
        db,
        portal: citizenPortal(c, deps),
        session,
        franceconnect,
        postLogoutRedirectUri: `${c.var.publicOrigin}${FRANCECONNECT_SIGNED_OUT_PATH}`,
        ip: c.var.clientIp,
      });
      if (outcome.signOutFlow) writeCookie(c, FLOW_COOKIE, outcome.signOutFlow.id, outcome.signOutFlow.expiresAt);
      return c.json({ redirect: outcome.redirect }, 200);
    })
    .openapi(franceConnectSignedOutOperation, async (c) => {
      const flowId = readCookie(c, FLOW_COOKIE);
      clearCookie(c, FLOW_COOKIE);
      try {
        if (!franceconnect) throw unavailable();
        const returnTo = await completeFranceConnectSignOut({ db, portal: citizenPortal(c, deps), franceconnect }, { flowId, callbackUrl: publicUrl(c) });
        return c.redirect(returnTo, 302);
      } catch (error) {
        if (!(error instanceof SignInError)) throw error;
        c.var.log.warn({ code: error.code }, 'franceconnect logout return refused');
        return c.redirect(`/connexion?erreur=${SIGN_OUT_UNCONFIRMED}`, 302);
      }
    })

    .openapi(signUpOperation, async (c) => {
      const { email, password } = c.req.valid('json');
      await signUpCitizen({ db, portal: citizenPortal(c, deps), ip: c.var.clientIp }, { email, password });
      return c.json({ status: 'confirmation_sent' as const }, 202);
    })
    .openapi(verifyOperation, async (c) => {
      const portal = citizenPortal(c, deps);
      await c.var.inSite((tx) => verifyCitizenEmail({ tx, portal, ip: c.var.clientIp }, { token: c.req.valid('json').token }));
      return c.json({ verified: true as const }, 200);
    })
    .openapi(resendOperation, async (c) => {
      await resendVerification({ db, portal: citizenPortal(c, deps), ip: c.var.clientIp }, { email: c.req.valid('json').email });
      return c.json({ status: 'sent_if_needed' as const }, 202);
    })
    .openapi(signInOperation, async (c) => {
      const { email, password, returnTo } = c.req.valid('json');
      const opened = await signInCitizenWithPassword(
        { db, portal: citizenPortal(c, deps), ip: c.var.clientIp, replacing: c.var.session },
        { email, password },
      );
      await startCitizenSession(c, opened);
      return c.json({ redirect: safeReturnPath(returnTo) }, 200);
    })
    .openapi(forgotPasswordOperation, async (c) => {
      await requestPasswordReset({ db, portal: citizenPortal(c, deps), ip: c.var.clientIp }, { email: c.req.valid('json').email });
      return c.json({ status: 'sent_if_account_exists' as const }, 202);
    })
    .openapi(resetPasswordOperation, async (c) => {
      const { token, password } = c.req.valid('json');
      const opened = await resetCitizenPassword({ db, portal: citizenPortal(c, deps), ip: c.var.clientIp }, { token, password });
      await startCitizenSession(c, opened);
      return c.json({ redirect: '/mon-compte' }, 200);
    })

    .openapi(pendingLinkOperation, async (c) => {
      const pending = await c.var.inSite((tx) => describePendingLink({ tx }, { flowId: readCookie(c, FLOW_COOKIE) }));
      if (!pending) throw new CitizenAuthError('link_expired');
      return c.json({ email: pending.email, passwordProof: pending.passwordProof, expiresAt: pending.expiresAt.toISOString() }, 200);
    })
    .openapi(linkCodeOperation, async (c) => {
      await sendLinkCode({ db, portal: citizenPortal(c, deps), ip: c.var.clientIp }, { flowId: readCookie(c, FLOW_COOKIE) });
      return c.json({ status: 'code_sent' as const }, 202);
    })
    .openapi(confirmLinkOperation, async (c) => {
      const linked = await confirmIdentityLink(
        { db, portal: citizenPortal(c, deps), ip: c.var.clientIp, replacing: c.var.session },
        { flowId: readCookie(c, FLOW_COOKIE), proof: c.req.valid('json') },
      );
      clearCookie(c, FLOW_COOKIE);
      await startCitizenSession(c, linked.opened);
      return c.json({ redirect: linked.returnTo }, 200);
    });
}
