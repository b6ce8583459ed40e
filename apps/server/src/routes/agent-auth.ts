import { createRoute } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { z } from 'zod';
import {
  activateInvitation,
  agentAccounts,
  AgentProviderError,
  agentSummarySchema,
  readAgent,
  readInvitation,
  saveSignInFlow,
  signInExternalAgent,
  takeSignInFlow,
  type AgentIdentityProvider,
} from '@guichet/identity';
import { AGENT_PROVIDER_CALLBACK_PATH } from '../agent-sign-in-providers.ts';
import { clearCookie, readCookie, SESSION_COOKIE, writeCookie } from '../cookies.ts';
import { publicUrl } from '../middleware/public-origin.ts';
import type { AppDependencies, AppEnv, Site } from '../env.ts';
import { requireAgent } from '../middleware/require-account.ts';
import { asAgent } from '../openapi/access.ts';
import { jsonBody, jsonResponse, problemResponses, redirectResponse } from '../openapi/responses.ts';
import { createRouter } from '../openapi/router.ts';
import { problem } from '../problems/problem.ts';
import { nextStepSchema, staffSignInRoutes } from './staff-sign-in.ts';

/** Its own cookie, so that an agent's provider sign-in and a citizen's FranceConnect one never clash. */
const AGENT_FLOW_COOKIE = 'guichet_agent_flow';

const tokenSchema = z.object({
  token: z.string().min(16).max(128).meta({ description: 'Le jeton du lien d’invitation (paramètre `jeton` de `/agent/activer`).' }),
});
const activationSchema = tokenSchema.extend({
  password: z.string().min(12, 'Au moins 12 caractères').max(128, 'Au plus 128 caractères'),
});
const optionsSchema = z.object({
  provider: z
    .object({
      kind: z.enum(['proconnect', 'oidc', 'entra']),
      label: z.string().meta({ description: 'Le nom à afficher sur le bouton.', example: 'ProConnect' }),
    })
    .nullable()
    .meta({ description: 'Le fournisseur d’identité des agents de la commune ; null : mot de passe et code TOTP seulement.' }),
});
const signedInAgentSchema = agentSummarySchema.extend({
  authMethod: z.string().meta({ description: 'Comment la session a été ouverte : `password`, ou le fournisseur (`proconnect`, `oidc`, `entra`).' }),
  commune: z.object({ name: z.string().meta({ example: 'Libercourt' }) }),
});
const invitationViewSchema = z.object({ displayName: z.string(), email: z.email() });
const tags = ['Agents : connexion'];

const optionsOperation = createRoute({
  method: 'get',
  path: '/options',
  tags,
  summary: 'Connaître les moyens de connexion des agents de la commune',
  description: 'Dit si la commune a un fournisseur d’identité pour ses agents (ProConnect, OpenID Connect, Entra ID), à proposer à côté du mot de passe.',
  security: [],
  responses: {
    200: jsonResponse(optionsSchema, 'Le fournisseur d’identité de la commune, s’il y en a un.'),
    ...problemResponses('introuvable'),
  },
});

const meOperation = createRoute({
  method: 'get',
  path: '/moi',
  tags,
  summary: 'Lire le compte de l’agent connecté',
  middleware: [requireAgent()] as const,
  security: asAgent(),
  responses: {
    200: jsonResponse(signedInAgentSchema, 'L’agent connecté, ses services et sa commune.'),
    ...problemResponses('connexion-requise', 'second-facteur-requis', 'introuvable'),
  },
});

const invitationResponses = {
  ...problemResponses('validation', 'introuvable', 'invitation-invalide', 'trop-de-tentatives'),
};

/**
 * Agents' sign-in on their commune's host: password + TOTP, the commune's identity provider,
 * invitations, sign-out. An agent of another commune does not exist here (RLS).
 */
export function agentAuthRoutes(deps: AppDependencies) {
  const { db } = deps;
  // Every route here sits behind the sign-in router's check that the site is a commune.
  const commune = (site: Site) => (site as Extract<Site, { kind: 'commune' }>).tenant;
  const providerOf = (site: Site): AgentIdentityProvider | null => (site.kind === 'commune' ? (deps.agentSignIn?.forCommune(site.tenant) ?? null) : null);

  const signIn = staffSignInRoutes(deps, agentAccounts, (site) =>
    site.kind === 'commune' ? { scope: { epciId: site.tenant.epciId, tenantId: site.tenant.id }, totpIssuer: `Guichet – ${site.tenant.name}` } : undefined,
  );

  const invitationOperation = createRoute({
    method: 'post',
    path: '/invitation',
    tags,
    summary: 'Lire une invitation',
    description: 'Dit à qui est adressé un lien d’invitation, pour accueillir l’agent par son nom ; la lecture n’use pas le lien. Les tentatives sont comptées par adresse IP (429 au-delà).',
    security: [],
    request: { body: jsonBody(tokenSchema, { token: 'q7v2m9k4x8c3b6n1z5w0r2t7y4u9p3s8' }) },
    responses: {
      200: jsonResponse(invitationViewSchema, 'L’agent invité.'),
      ...invitationResponses,
    },
  });

  const activationOperation = createRoute({
    method: 'post',
    path: '/activation',
    tags,
    summary: 'Accepter une invitation en choisissant son mot de passe',
    description:
      'Le lien ne sert qu’une fois (et expire au bout de 72 heures). Le mot de passe choisi ouvre une session qui attend le second facteur : associez ensuite une application d’authentification (`POST /api/agent/auth/totp/inscription`).',
    security: [],
    request: { body: jsonBody(activationSchema, { token: 'q7v2m9k4x8c3b6n1z5w0r2t7y4u9p3s8', password: 'cheval agrafe pile correcte' }) },
    responses: {
      200: jsonResponse(nextStepSchema, 'Mot de passe enregistré : la session attend le second facteur.'),
      ...invitationResponses,
    },
  });

  const providerStartOperation = createRoute({
    method: 'get',
    path: '/fournisseur/connexion',
    tags,
    summary: 'Se connecter par le fournisseur d’identité de la commune',
    description:
      'Pour un navigateur : renvoie chez le fournisseur d’identité de la commune (ProConnect, OpenID Connect ou Entra ID), qui revient sur `GET /api/agent/auth/fournisseur/retour`. Si le fournisseur est injoignable, renvoie sur `/agent/connexion?erreur=…`.',
    security: [],
    responses: {
      302: redirectResponse('Vers le fournisseur d’identité, ou vers la page de connexion avec le code d’erreur.'),
      ...problemResponses('introuvable', 'fournisseur-absent'),
    },
  });

  const providerReturnOperation = createRoute({
    method: 'get',
    path: '/fournisseur/retour',
    tags,
    summary: 'Revenir du fournisseur d’identité de la commune',
    description: `L’adresse de retour enregistrée chez le fournisseur, qui y ajoute ses paramètres (\`code\`, \`state\`…). Le navigateur doit porter le cookie posé au départ (\`GET /api/agent/auth/fournisseur/connexion\`) ; un retour sans lui, ou rejoué, est refusé.

Renvoie sur \`/agent\` (connecté), sur \`/agent/connexion\` (un administrateur saisit encore son code TOTP) ou sur \`/agent/connexion?erreur=…\` : \`expired\` (parcours expiré ou rejoué), \`unknown_agent\` (personne n’est agent de la commune sous cette identité), ou le code d’erreur du fournisseur.`,
    security: [],
    responses: {
      302: redirectResponse('Vers l’espace agents, ou vers la page de connexion (avec un code d’erreur s’il y a lieu).'),
      ...problemResponses('introuvable'),
    },
  });

  return createRouter()
    .route('/', signIn)
    .openapi(optionsOperation, (c) => {
      const provider = providerOf(c.var.site);
      return c.json({ provider: provider ? { kind: provider.kind, label: provider.label } : null }, 200);
    })
    .openapi(meOperation, async (c) => {
      const agent = await c.var.inSite((tx) => readAgent({ tx }, { agentId: c.var.session.accountId }));
      if (!agent) return problem(c, 'connexion-requise');
      return c.json(
        { ...agent, createdAt: agent.createdAt.toISOString(), authMethod: c.var.session.authMethod, commune: { name: commune(c.var.site).name } },
        200,
      );
    })
    .openapi(invitationOperation, async (c) => {
      const { token } = c.req.valid('json');
      const result = await readInvitation({ db, commune: commune(c.var.site), ip: c.var.clientIp }, { token });
      return c.json({ displayName: result.displayName, email: result.email }, 200);
    })
    .openapi(activationOperation, async (c) => {
      const { token, password } = c.req.valid('json');
      const result = await activateInvitation({ db, commune: commune(c.var.site), ip: c.var.clientIp }, { token, password });
      writeCookie(c, SESSION_COOKIE, result.token, result.session.expiresAt);
      return c.json({ next: result.enrolled ? ('totp_verification' as const) : ('totp_enrolment' as const) }, 200);
    })
    .openapi(providerStartOperation, async (c) => {
      const provider = providerOf(c.var.site);
      if (!provider) return problem(c, 'fournisseur-absent');
      try {
        const { url, secrets } = await provider.begin(`${c.var.publicOrigin}${AGENT_PROVIDER_CALLBACK_PATH}`);
        const flow = await c.var.inSite((tx) => saveSignInFlow({ tx, commune: commune(c.var.site) }, { provider: provider.kind, secrets }));
        writeCookie(c, AGENT_FLOW_COOKIE, flow.flowId, flow.expiresAt);
        return c.redirect(url.toString(), 302);
      } catch (error) {
        return backToSignIn(c, error);
      }
    })
    .openapi(providerReturnOperation, async (c) => {
      const provider = providerOf(c.var.site);
      const flowId = readCookie(c, AGENT_FLOW_COOKIE);
      clearCookie(c, AGENT_FLOW_COOKIE);
      if (!provider || !flowId) return c.redirect('/agent/connexion?erreur=expired', 302);
      const expected = await c.var.inSite((tx) => takeSignInFlow({ tx, commune: commune(c.var.site) }, { flowId, provider: provider.kind }));
      if (!expected) return c.redirect('/agent/connexion?erreur=expired', 302);
      try {
        const identity = await provider.complete({ callbackUrl: publicUrl(c), redirectUri: `${c.var.publicOrigin}${AGENT_PROVIDER_CALLBACK_PATH}`, expected });
        const result = await c.var.inSite((tx) => signInExternalAgent({ tx, commune: commune(c.var.site), ip: c.var.clientIp }, identity));
        if (result.outcome === 'refused') return c.redirect('/agent/connexion?erreur=unknown_agent', 302);
        writeCookie(c, SESSION_COOKIE, result.token, result.session.expiresAt);
        return c.redirect(result.outcome === 'signed_in' ? '/agent' : '/agent/connexion', 302);
      } catch (error) {
        return backToSignIn(c, error);
      }
    });
}

/** Provider failures go back to the sign-in page, which says in French what happened. */
function backToSignIn(c: Context<AppEnv>, error: unknown) {
  if (!(error instanceof AgentProviderError)) throw error;
  // The code and the library's message only: the cause can carry token claims.
  c.var.log.warn({ code: error.code, cause: error.cause instanceof Error ? error.cause.message : undefined }, 'agent provider sign-in failed');
  return c.redirect(`/agent/connexion?erreur=${error.code}`, 302);
}
