import { $, createRoute } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import { z } from 'zod';
import {
  activateTotp,
  beginTotpEnrolment,
  signInWithPassword,
  signOut,
  signOutEverywhere,
  verifyTotp,
  type StaffAccounts,
  type StaffKind,
  type StaffScope,
} from '@guichet/identity';
import { clearCookie, SESSION_COOKIE, writeCookie } from '../cookies.ts';
import type { AppDependencies, AppEnv, Site } from '../env.ts';
import { requirePendingSecondFactor, requireStaffSession } from '../middleware/staff-session.ts';
import { asAgent, asEpciStaff } from '../openapi/access.ts';
import { jsonBody, jsonResponse, problemResponses } from '../openapi/responses.ts';
import { createRouter } from '../openapi/router.ts';
import { problem } from '../problems/problem.ts';

/** Where staff of one kind sign in: its scope, and the name their authenticator app shows. */
export type StaffSite = { scope: StaffScope; totpIssuer: string };

const passwordSignInSchema = z.object({
  email: z.email('Adresse e-mail invalide').max(254),
  // No length rule at sign-in: the rule applies when a password is chosen.
  password: z.string().min(1, 'Mot de passe requis').max(256),
});
const codeSchema = z.object({
  code: z
    .string()
    .trim()
    .regex(/^\d{6}$/, 'Le code comporte 6 chiffres')
    .meta({ description: 'Le code à 6 chiffres affiché par l’application d’authentification.' }),
});

/** What comes after a correct password (or an accepted invitation): the second factor, to enrol or to verify. */
export const nextStepSchema = z.object({
  next: z.enum(['totp_verification', 'totp_enrolment']).meta({
    description: '`totp_enrolment` : associer d’abord une application d’authentification ; `totp_verification` : saisir son code.',
  }),
});
const enrolmentSchema = z.object({
  secret: z.string().meta({ description: 'Le secret TOTP (base32), à saisir dans l’application si le QR code ne peut pas être lu.' }),
  uri: z.string().meta({ description: 'L’URI `otpauth://` à afficher en QR code.', example: 'otpauth://totp/Guichet%20%E2%80%93%20Libercourt:camille.martin%40libercourt.fr?secret=…' }),
});
const signedInSchema = z.object({ signedIn: z.literal(true) });
const sessionStageSchema = z.discriminatedUnion('stage', [
  z.object({ stage: z.literal('signed_in'), enrolled: z.literal(true) }),
  z.object({
    stage: z.literal('second_factor'),
    enrolled: z.boolean().meta({ description: 'Une application d’authentification est déjà associée : il reste à saisir son code.' }),
  }),
]);
const signedOutSchema = z.object({ signedOut: z.literal(true) });

/** How each kind of staff appears in the OpenAPI document. */
const DOCUMENTED: Record<StaffKind, { tags: string[]; base: string; security: ReturnType<typeof asAgent>; who: string; email: string }> = {
  agent: { tags: ['Agents : connexion'], base: '/api/agent/auth', security: asAgent(), who: 'l’agent', email: 'camille.martin@libercourt.fr' },
  epci_staff: {
    tags: ['Console : connexion'],
    base: '/api/console/auth',
    security: asEpciStaff,
    who: 'le membre de l’équipe intercommunale',
    email: 'dominique.leroy@cc-osartis.fr',
  },
};


/**
 * Password then TOTP, for commune agents and EPCI staff alike: the same steps, rate limits and
 * audit events, in the scope of the site the request came to (RLS shows only its accounts).
 */
export function staffSignInRoutes(deps: AppDependencies, accounts: StaffAccounts, siteOf: (site: Site) => StaffSite | undefined) {
  const { db } = deps;
  const kind = accounts.kind;
  const site = (current: Site) => siteOf(current)!;
  // Every route of this router, and of the routers it is mounted beside, exists on its kind of site only.
  const onItsSite = createMiddleware<AppEnv>(async (c, next) => {
    if (!siteOf(c.var.site)) return problem(c, 'introuvable', { title: "Cette adresse de l'API n'existe pas sur ce site." });
    await next();
  });
  const pending = requirePendingSecondFactor(kind);
  const signedIn = requireStaffSession(kind);
  const { tags, base, security, who, email } = DOCUMENTED[kind];

  const passwordOperation = createRoute({
    method: 'post',
    path: '/connexion',
    tags,
    summary: 'Se connecter avec son adresse e-mail et son mot de passe',
    description: `Première étape de la connexion : un mot de passe correct ouvre une session qui n’attend plus que le second facteur (cookie de session). Selon \`next\`, associez une application d’authentification (\`POST ${base}/totp/inscription\` puis \`POST ${base}/totp/activation\`) ou saisissez son code (\`POST ${base}/totp/verification\`).

Une connexion réussie n’est jamais comptée. Par compte, 5 mots de passe erronés en un quart d’heure suspendent la connexion de ce compte seul pendant un quart d’heure, même avec le bon mot de passe. Par adresse IP et par site (une commune, ou la console), au-delà de 10 mots de passe erronés en un quart d’heure, chaque nouvelle erreur reçoit une réponse 429 avec une attente qui double de 15 secondes jusqu’à un quart d’heure, mais un mot de passe correct venu de cette adresse reste accepté : les agents d’une mairie partagent souvent une seule adresse. Chaque refus 429 porte l’en-tête \`Retry-After\` ; chaque blocage est inscrit au journal.`,
    security: [],
    request: { body: jsonBody(passwordSignInSchema, { email, password: 'correct-cheval-pile-agrafe' }) },
    responses: {
      200: jsonResponse(nextStepSchema, `Mot de passe correct : la session attend le second facteur de ${who}.`),
      ...problemResponses('validation', 'identifiants-incorrects', 'introuvable', 'trop-de-tentatives'),
    },
  });

  const enrolOperation = createRoute({
    method: 'post',
    path: '/totp/inscription',
    tags,
    summary: 'Commencer l’association d’une application d’authentification',
    description: `Après le mot de passe, pour un compte qui n’a pas encore de second facteur : engendre le secret TOTP à afficher en QR code. L’association n’est faite qu’une fois le premier code accepté par \`POST ${base}/totp/activation\`.`,
    middleware: [pending] as const,
    security,
    responses: {
      200: jsonResponse(enrolmentSchema, 'Le secret et son URI `otpauth://`.'),
      ...problemResponses('connexion-requise', 'introuvable', 'deja-connecte', 'deja-inscrit'),
    },
  });

  const activateOperation = createRoute({
    method: 'post',
    path: '/totp/activation',
    tags,
    summary: 'Activer l’application d’authentification avec son premier code',
    description: 'Un code correct associe l’application au compte et termine la connexion dans une nouvelle session : le cookie est remplacé, et celui de l’étape du mot de passe n’ouvre plus rien. Les codes incorrects sont comptés : au-delà de la limite, la saisie est suspendue (429).',
    middleware: [pending] as const,
    security,
    request: { body: jsonBody(codeSchema, { code: '492039' }) },
    responses: {
      200: jsonResponse(signedInSchema, `L’application est associée ; ${who} est connecté.`),
      ...problemResponses('validation', 'connexion-requise', 'code-incorrect', 'introuvable', 'deja-connecte', 'inscription-non-commencee', 'trop-de-tentatives'),
    },
  });

  const verifyOperation = createRoute({
    method: 'post',
    path: '/totp/verification',
    tags,
    summary: 'Saisir le code de son application d’authentification',
    description: 'Seconde étape de la connexion d’un compte déjà équipé : un code correct ouvre une nouvelle session (le cookie est remplacé, et celui de l’étape du mot de passe n’ouvre plus rien). Un code ne sert qu’une fois ; les codes incorrects sont comptés : au-delà de la limite, la saisie est suspendue (429).',
    middleware: [pending] as const,
    security,
    request: { body: jsonBody(codeSchema, { code: '492039' }) },
    responses: {
      200: jsonResponse(signedInSchema, `Code accepté ; ${who} est connecté.`),
      ...problemResponses('validation', 'connexion-requise', 'code-incorrect', 'introuvable', 'deja-connecte', 'inscription-requise', 'trop-de-tentatives'),
    },
  });

  const sessionOperation = createRoute({
    method: 'get',
    path: '/session',
    tags,
    summary: 'Savoir où en est la connexion',
    description: 'Dit si la session est complète (`signed_in`) ou attend encore le second facteur (`second_factor`), et dans ce cas s’il faut d’abord associer une application.',
    middleware: [signedIn] as const,
    security,
    responses: {
      200: jsonResponse(sessionStageSchema, 'L’étape de la connexion.'),
      ...problemResponses('connexion-requise', 'introuvable'),
    },
  });

  const signOutOperation = createRoute({
    method: 'post',
    path: '/deconnexion',
    tags,
    summary: 'Se déconnecter de ce navigateur',
    description: 'Ferme la session de ce navigateur (même à mi-connexion) et efface son cookie.',
    middleware: [signedIn] as const,
    security,
    responses: {
      200: jsonResponse(signedOutSchema, 'La session est fermée.'),
      ...problemResponses('connexion-requise', 'introuvable'),
    },
  });

  const signOutEverywhereOperation = createRoute({
    method: 'post',
    path: '/deconnexion-partout',
    tags,
    summary: 'Se déconnecter de tous ses appareils',
    description: 'Ferme toutes les sessions du compte, y compris celle-ci et celles arrêtées au second facteur (un téléphone perdu, un poste partagé). Demande une connexion complète ; l’action est inscrite au journal.',
    middleware: [signedIn] as const,
    security,
    responses: {
      200: jsonResponse(signedOutSchema.extend({ sessions: z.int().meta({ description: 'Le nombre de sessions fermées.' }) }), 'Les sessions sont fermées.'),
      ...problemResponses('connexion-requise', 'second-facteur-requis', 'introuvable'),
    },
  });

  return $(createRouter().use(onItsSite))
    .openapi(passwordOperation, async (c) => {
      const { email, password } = c.req.valid('json');
      const { scope } = site(c.var.site);
      const result = await signInWithPassword({ db, accounts, scope, ip: c.var.clientIp }, { email, password });
      if (result.outcome === 'refused') {
        return problem(c, 'identifiants-incorrects', {
          detail: 'Vérifiez votre saisie. Après plusieurs erreurs, les tentatives sont suspendues pendant un quart d’heure.',
        });
      }
      writeCookie(c, SESSION_COOKIE, result.token, result.session.expiresAt);
      return c.json({ next: result.enrolled ? ('totp_verification' as const) : ('totp_enrolment' as const) }, 200);
    })
    .openapi(enrolOperation, async (c) => {
      const { totpIssuer } = site(c.var.site);
      const session = c.var.session;
      const result = await c.var.inSite((tx) => beginTotpEnrolment({ tx, accounts, session, secretBox: deps.identity.secretBox, issuer: totpIssuer }));
      return c.json({ secret: result.secret, uri: result.uri }, 200);
    })
    .openapi(activateOperation, async (c) => {
      const session = c.var.session;
      const { code } = c.req.valid('json');
      const result = await activateTotp({ db, accounts, session, secretBox: deps.identity.secretBox, ip: c.var.clientIp }, { code });
      if (result.outcome === 'wrong_code') return wrongCode(c);
      if (result.outcome === 'session_ended') return sessionEnded(c);
      writeCookie(c, SESSION_COOKIE, result.token, result.session.expiresAt);
      return c.json({ signedIn: true as const }, 200);
    })
    .openapi(verifyOperation, async (c) => {
      const session = c.var.session;
      const { code } = c.req.valid('json');
      const result = await verifyTotp({ db, accounts, session, secretBox: deps.identity.secretBox, ip: c.var.clientIp }, { code });
      if (result.outcome === 'wrong_code') return wrongCode(c);
      if (result.outcome === 'session_ended') return sessionEnded(c);
      writeCookie(c, SESSION_COOKIE, result.token, result.session.expiresAt);
      return c.json({ signedIn: true as const }, 200);
    })
    .openapi(sessionOperation, async (c) => {
      const session = c.var.session;
      if (session.secondFactorVerified) return c.json({ stage: 'signed_in' as const, enrolled: true as const }, 200);
      const account = await c.var.inSite((tx) => accounts.findById(tx, session.accountId));
      return c.json({ stage: 'second_factor' as const, enrolled: account?.totpEnabledAt != null }, 200);
    })
    .openapi(signOutOperation, async (c) => {
      const session = c.var.session;
      await c.var.inSite((tx) => signOut({ tx, session, ip: c.var.clientIp }));
      clearCookie(c, SESSION_COOKIE);
      return c.json({ signedOut: true as const }, 200);
    })
    .openapi(signOutEverywhereOperation, async (c) => {
      const session = c.var.session;
      if (!session.secondFactorVerified) return problem(c, 'second-facteur-requis');
      const sessions = await c.var.inSite((tx) => signOutEverywhere({ tx, session, ip: c.var.clientIp }));
      clearCookie(c, SESSION_COOKIE);
      return c.json({ signedOut: true as const, sessions }, 200);
    });
}

/** Signed out or revoked between the password and the code: the sign-in starts again. */
function sessionEnded(c: Context) {
  clearCookie(c, SESSION_COOKIE);
  return problem(c, 'connexion-requise', { title: "Saisissez d'abord votre adresse e-mail et votre mot de passe." });
}

function wrongCode(c: Context) {
  return problem(c, 'code-incorrect', {
    detail: 'Saisissez le code à 6 chiffres affiché en ce moment par votre application. Un code ne sert qu’une fois.',
  });
}
