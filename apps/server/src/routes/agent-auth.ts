import type { Context } from 'hono';
import { Hono } from 'hono';
import { z } from 'zod';
import { withTenant } from '@guichet/db';
import {
  activateInvitation,
  agentAccounts,
  AgentProviderError,
  ipAttemptsKey,
  readAgent,
  readInvitation,
  saveSignInFlow,
  signInExternalAgent,
  STAFF_SIGN_IN_RULES,
  takeSignInFlow,
  type AgentIdentityProvider,
  type Commune,
} from '@guichet/identity';
import { AGENT_PROVIDER_CALLBACK_PATH } from '../agent-sign-in-providers.ts';
import { clearCookie, readCookie, SESSION_COOKIE, writeCookie } from '../cookies.ts';
import type { AppDependencies, AppEnv, Site } from '../env.ts';
import { limitAttempts } from '../middleware/attempt-limits.ts';
import { requireAgent } from '../middleware/require-account.ts';
import { problem } from '../problems/problem.ts';
import { validate } from '../validate.ts';
import { staffSignInRoutes } from './staff-sign-in.ts';

/** Its own cookie, so that an agent's provider sign-in and a citizen's FranceConnect one never clash. */
const AGENT_FLOW_COOKIE = 'guichet_agent_flow';

const tokenSchema = z.object({ token: z.string().min(16).max(128) });
const activationSchema = tokenSchema.extend({
  password: z.string().min(12, 'Au moins 12 caractères').max(128, 'Au plus 128 caractères'),
});

/** The commune of an agent route; agent routes exist on communes' hosts only. */
function communeOf(site: Site): (Commune & { name: string; slug: string }) | undefined {
  return site.kind === 'commune' ? { id: site.tenant.id, epciId: site.epci.id, name: site.tenant.name, slug: site.tenant.slug } : undefined;
}

/**
 * Agents' sign-in on their commune's host: password + TOTP, the commune's identity provider,
 * invitations, sign-out. An agent of another commune does not exist here (RLS).
 */
export function agentAuthRoutes(deps: AppDependencies) {
  const { db } = deps;
  const commune = (site: Site) => communeOf(site)!;
  const providerOf = (site: Site): AgentIdentityProvider | null => (site.kind === 'commune' ? (deps.agentSignIn?.forCommune(site.tenant) ?? null) : null);
  const perIp = limitAttempts<AppEnv>(db, STAFF_SIGN_IN_RULES.ip, (c) => ipAttemptsKey('agent', c.var.clientIp));

  const signIn = staffSignInRoutes(deps, agentAccounts, (site) => {
    const found = communeOf(site);
    return found && { scope: { epciId: found.epciId, tenantId: found.id }, totpIssuer: `Guichet – ${found.name}` };
  });

  return new Hono<AppEnv>()
    .route('/', signIn)
    .get('/options', (c) => {
      const provider = providerOf(c.var.site);
      return c.json({ provider: provider ? { kind: provider.kind, label: provider.label } : null });
    })
    .get('/moi', requireAgent(), async (c) => {
      const agent = await withTenant(db, commune(c.var.site).id, (tx) => readAgent({ tx, agentId: c.var.session.accountId }));
      if (!agent) return problem(c, 'connexion-requise');
      return c.json({ ...agent, createdAt: agent.createdAt.toISOString(), authMethod: c.var.session.authMethod, commune: { name: commune(c.var.site).name } });
    })
    .post('/invitation', perIp, validate('json', tokenSchema), async (c) => {
      const { token } = c.req.valid('json');
      const result = await withTenant(db, commune(c.var.site).id, (tx) => readInvitation({ tx, commune: commune(c.var.site), token }));
      if (result.outcome === 'invalid') return invalidInvitation(c);
      return c.json({ displayName: result.displayName, email: result.email });
    })
    .post('/activation', perIp, validate('json', activationSchema), async (c) => {
      const { token, password } = c.req.valid('json');
      const result = await withTenant(db, commune(c.var.site).id, (tx) => activateInvitation({ tx, commune: commune(c.var.site), token, password, ip: c.var.clientIp }));
      if (result.outcome === 'invalid') return invalidInvitation(c);
      writeCookie(c, SESSION_COOKIE, result.token, result.session.expiresAt);
      return c.json({ next: result.enrolled ? ('totp_verification' as const) : ('totp_enrolment' as const) });
    })
    .get('/fournisseur/connexion', async (c) => {
      const provider = providerOf(c.var.site);
      if (!provider) return problem(c, 'fournisseur-absent');
      try {
        const { url, secrets } = await provider.begin(`${publicOrigin(c, deps.identity.trustProxy)}${AGENT_PROVIDER_CALLBACK_PATH}`);
        const flow = await withTenant(db, commune(c.var.site).id, (tx) => saveSignInFlow({ tx, commune: commune(c.var.site), provider: provider.kind, secrets }));
        writeCookie(c, AGENT_FLOW_COOKIE, flow.flowId, flow.expiresAt);
        return c.redirect(url.toString(), 302);
      } catch (error) {
        return backToSignIn(c, error);
      }
    })
    .get('/fournisseur/retour', async (c) => {
      const provider = providerOf(c.var.site);
      const flowId = readCookie(c, AGENT_FLOW_COOKIE);
      clearCookie(c, AGENT_FLOW_COOKIE);
      if (!provider || !flowId) return c.redirect('/agent/connexion?erreur=expired', 302);
      const expected = await withTenant(db, commune(c.var.site).id, (tx) => takeSignInFlow({ tx, commune: commune(c.var.site), flowId, provider: provider.kind }));
      if (!expected) return c.redirect('/agent/connexion?erreur=expired', 302);
      try {
        const origin = publicOrigin(c, deps.identity.trustProxy);
        const callbackUrl = new URL(`${new URL(c.req.url).pathname}${new URL(c.req.url).search}`, origin);
        const identity = await provider.complete({ callbackUrl, redirectUri: `${origin}${AGENT_PROVIDER_CALLBACK_PATH}`, expected });
        const result = await withTenant(db, commune(c.var.site).id, (tx) => signInExternalAgent({ tx, commune: commune(c.var.site), identity, ip: c.var.clientIp }));
        if (result.outcome === 'refused') return c.redirect('/agent/connexion?erreur=unknown_agent', 302);
        writeCookie(c, SESSION_COOKIE, result.token, result.session.expiresAt);
        return c.redirect(result.outcome === 'signed_in' ? '/agent' : '/agent/connexion', 302);
      } catch (error) {
        return backToSignIn(c, error);
      }
    });
}

function invalidInvitation(c: Context) {
  return problem(c, 'invitation-invalide', {
    detail: 'Il a déjà servi ou a expiré (72 heures). Demandez une nouvelle invitation à l’administrateur de votre commune.',
  });
}

/** Provider failures go back to the sign-in page, which says in French what happened. */
function backToSignIn(c: Context<AppEnv>, error: unknown) {
  if (!(error instanceof AgentProviderError)) throw error;
  // The code and the library's message only: the cause can carry token claims.
  c.var.log.warn({ code: error.code, cause: error.cause instanceof Error ? error.cause.message : undefined }, 'agent provider sign-in failed');
  return c.redirect(`/agent/connexion?erreur=${error.code}`, 302);
}

/** The origin the browser sees (behind a TLS-terminating proxy, its scheme comes from the proxy). */
function publicOrigin(c: Context, trustProxy: boolean): string {
  const url = new URL(c.req.url);
  const forwarded = trustProxy ? c.req.header('x-forwarded-proto')?.split(',')[0]?.trim() : undefined;
  const protocol = forwarded === 'https' || forwarded === 'http' ? `${forwarded}:` : url.protocol;
  return `${protocol}//${c.req.header('host') ?? url.host}`;
}
