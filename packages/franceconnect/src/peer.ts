import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { calculateJwkThumbprint, exportJWK, generateKeyPair, type JWK } from 'jose';
import Provider, { errors, type ClientMetadata, type Configuration, type KoaContextWithOIDC } from 'oidc-provider';
import { errorPage, signedOutPage, signInPage, signOutPage } from './peer-pages.ts';
import { demoAgents, demoCitizens, subFor, type DemoPerson } from './peer-people.ts';

export type PeerProfile = 'franceconnect' | 'proconnect';

/** A service registered at the peer, in OpenID client metadata names as in FC's partner space. */
export interface PeerClient {
  client_id: string;
  client_secret: string;
  redirect_uris: string[];
  post_logout_redirect_uris?: string[];
  client_name?: string;
  /** Default `client_secret_post`, as FranceConnect v2. */
  token_endpoint_auth_method?: 'client_secret_post' | 'client_secret_basic';
  /** Default ES256 for both, as FranceConnect v2 recommends. */
  id_token_signed_response_alg?: 'ES256' | 'RS256';
  userinfo_signed_response_alg?: 'ES256' | 'RS256';
}

export interface PeerOptions {
  profile?: PeerProfile;
  /** 0 (default) picks a free port. */
  port?: number;
  /** Default `http://127.0.0.1:<port>/api/v2`, FranceConnect v2's path layout. */
  issuerUrl?: string;
  clients: PeerClient[];
  /** Private signing JWKs, each with a `kid`; default: one ES256 and one RS256 key made at start. */
  signingKeys?: JWK[];
  /** The `acr` put in ID tokens; default `eidas1`. `null` leaves the claim out. */
  acr?: string | null;
  /** Who can be picked on the sign-in page; default the profile's demo people. */
  people?: readonly DemoPerson[];
}

export interface Peer {
  issuer: string;
  /** The port it listens on, on 127.0.0.1 (differs from the issuer's when a proxy is in front). */
  port: number;
  /**
   * Registers more addresses for a client while running, as a service adds them in its
   * FranceConnect or ProConnect partner space: a portal created since the start.
   */
  acceptRedirects(clientId: string, uris: { redirect_uris: string[]; post_logout_redirect_uris?: string[] }): void;
  close(): Promise<void>;
}

interface ProfileSettings {
  title: string;
  people: readonly DemoPerson[];
  /** Scope → claims it releases, as the federation documents them. */
  scopes: Record<string, string[]>;
  acrValues: string[];
}

const profiles: Record<PeerProfile, ProfileSettings> = {
  franceconnect: {
    title: 'FranceConnect (démo)',
    people: demoCitizens,
    // FC v2: one scope per claim, plus the grouped scopes profile, birth and identite_pivot.
    scopes: {
      given_name: ['given_name'],
      family_name: ['family_name'],
      birthdate: ['birthdate'],
      birthplace: ['birthplace'],
      birthcountry: ['birthcountry'],
      gender: ['gender'],
      email: ['email'],
      preferred_username: ['preferred_username'],
      profile: ['given_name', 'family_name', 'birthdate', 'gender', 'preferred_username'],
      birth: ['birthplace', 'birthcountry'],
      identite_pivot: ['given_name', 'family_name', 'birthdate', 'gender', 'birthplace', 'birthcountry'],
    },
    // FranceConnect (not FranceConnect+) only vouches for the low level.
    acrValues: ['eidas1'],
  },
  proconnect: {
    title: 'ProConnect (démo)',
    people: demoAgents,
    scopes: {
      given_name: ['given_name'],
      usual_name: ['usual_name'],
      email: ['email'],
      uid: ['uid'],
      siret: ['siret'],
    },
    acrValues: ['eidas1', 'eidas2', 'eidas3'],
  },
};

/**
 * Starts a real OpenID provider on 127.0.0.1 that behaves like FranceConnect v2 (or ProConnect):
 * code flow only, client_secret_post, signed ID token and JWT userinfo, `acr=eidas1`, no consent
 * screen, logout without confirmation. For development and tests; the people are invented.
 */
export async function startFranceConnectPeer(options: PeerOptions): Promise<Peer> {
  const profile = profiles[options.profile ?? 'franceconnect'];
  const settings = { ...profile, people: options.people ?? profile.people };
  const server = createServer();
  server.listen(options.port ?? portOf(options.issuerUrl), '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  const issuer = options.issuerUrl ?? `http://127.0.0.1:${port}/api/v2`;
  const mountPath = new URL(issuer).pathname.replace(/\/$/, '');

  const acr = options.acr === undefined ? 'eidas1' : options.acr;
  let provider: Provider;
  try {
    provider = new Provider(issuer, {
      ...providerConfiguration(settings, options, mountPath),
      jwks: { keys: options.signingKeys ?? (await generateSigningKeys()) },
    });
  } catch (error) {
    server.close();
    throw error;
  }
  const added = new Map<string, { redirect: Set<string>; postLogout: Set<string> }>();
  const { redirectUriAllowed, postLogoutRedirectUriAllowed } = provider.Client.prototype;
  Object.assign(provider.Client.prototype, {
    redirectUriAllowed(this: { clientId: string }, uri: string) {
      return redirectUriAllowed.call(this, uri) || Boolean(added.get(this.clientId)?.redirect.has(uri));
    },
    postLogoutRedirectUriAllowed(this: { clientId: string }, uri: string) {
      return postLogoutRedirectUriAllowed.call(this, uri) || Boolean(added.get(this.clientId)?.postLogout.has(uri));
    },
  });
  const oidcHandler = provider.callback();
  const interactionPath = new RegExp(`^${escapeRegExp(mountPath)}/interaction/([\\w-]+)(?:/(login|abort))?$`);

  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const { pathname } = new URL(req.url ?? '/', issuer);
    const interaction = interactionPath.exec(pathname);
    if (interaction) {
      void handleInteraction(req, res, interaction[2]).catch((error: unknown) => {
        respond(res, 400, errorPage(settings.title, 'invalid_request', messageOf(error)));
      });
    } else if (pathname === mountPath || pathname.startsWith(`${mountPath}/`)) {
      // oidc-provider finds its mount path from originalUrl, as when mounted under Express.
      Object.assign(req, { originalUrl: req.url, url: (req.url ?? '/').slice(mountPath.length) || '/' });
      oidcHandler(req, res);
    } else {
      respond(res, 404, errorPage(settings.title, 'not_found', undefined));
    }
  });

  async function handleInteraction(req: IncomingMessage, res: ServerResponse, action: string | undefined) {
    const details = await provider.interactionDetails(req, res);
    if (action === undefined && req.method === 'GET') {
      const clientId = String(details.params.client_id);
      const client = options.clients.find((c) => c.client_id === clientId);
      const base = `${mountPath}/interaction/${details.uid}`;
      respond(
        res,
        200,
        signInPage({
          title: settings.title,
          clientName: client?.client_name ?? clientId,
          people: settings.people,
          loginAction: `${base}/login`,
          abortAction: `${base}/abort`,
        }),
      );
    } else if (action === 'login' && req.method === 'POST') {
      const key = (await readForm(req)).get('person');
      const person = settings.people.find((p) => p.key === key);
      if (!person) throw new Error('Identité inconnue.');
      await provider.interactionFinished(req, res, { login: { accountId: person.key, ...(acr === null ? {} : { acr }) } });
    } else if (action === 'abort' && req.method === 'POST') {
      // What FranceConnect sends when the person clicks "revenir sur le service".
      await provider.interactionFinished(req, res, { error: 'access_denied', error_description: 'User auth aborted' });
    } else {
      respond(res, 405, errorPage(settings.title, 'method_not_allowed', undefined));
    }
  }

  return {
    issuer,
    port,
    acceptRedirects(clientId, uris) {
      const client = added.get(clientId) ?? { redirect: new Set(), postLogout: new Set() };
      added.set(clientId, client);
      for (const uri of uris.redirect_uris) client.redirect.add(uri);
      for (const uri of uris.post_logout_redirect_uris ?? []) client.postLogout.add(uri);
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

function providerConfiguration(settings: ProfileSettings, options: PeerOptions, mountPath: string): Configuration {
  return {
    clients: options.clients.map(clientMetadata),
    claims: { acr: null, auth_time: null, iss: null, sid: null, openid: ['sub'], ...settings.scopes },
    acrValues: settings.acrValues,
    scopes: ['openid'],
    responseTypes: ['code'],
    clientAuthMethods: ['client_secret_post', 'client_secret_basic'],
    extraParams: {
      state: (_ctx, value) => requireLength('state', value, 32),
      nonce: (_ctx, value) => requireLength('nonce', value, 32),
      acr_values: (_ctx, value) => requireLength('acr_values', value, 1),
    },
    // FranceConnect does not ask its confidential clients for PKCE; oidc-provider's default
    // already spares them unless FAPI is on, this only says so.
    pkce: { required: () => false },
    enabledJWA: {
      idTokenSigningAlgValues: ['ES256', 'RS256'],
      userinfoSigningAlgValues: ['ES256', 'RS256'],
    },
    features: {
      devInteractions: { enabled: false },
      pushedAuthorizationRequests: { enabled: false },
      claimsParameter: { enabled: true },
      jwtUserinfo: { enabled: true },
      rpInitiatedLogout: {
        enabled: true,
        logoutSource: (ctx, form) => {
          ctx.type = 'html';
          ctx.body = signOutPage(settings.title, form);
        },
        postLogoutSuccessSource: (ctx) => {
          ctx.type = 'html';
          ctx.body = signedOutPage(settings.title);
        },
      },
    },
    routes: {
      authorization: '/authorize',
      token: '/token',
      userinfo: '/userinfo',
      jwks: '/jwks',
      end_session: '/session/end',
    },
    // Access tokens live a minute, as in FC v2's token endpoint example; the rest are short
    // lifetimes for a demo: ten minutes to choose an identity, half an hour of session.
    ttl: { AccessToken: 60, IdToken: 60, Interaction: 600, Session: 1800, Grant: 1800 },
    cookies: { keys: [randomBytes(32).toString('base64url')] },
    interactions: { url: (_ctx, interaction) => `${mountPath}/interaction/${interaction.uid}` },
    loadExistingGrant: grantWhatIsAsked,
    // FranceConnect gives each service its own `sub` for a person (pairwise subject).
    subjectTypes: ['pairwise'],
    pairwiseIdentifier: (_ctx, accountId, client) => subFor(accountId, client.clientId),
    // Subjects come from the client id above, never from the sector named in clientMetadata:
    // there is nothing to fetch from it.
    sectorIdentifierUriValidate: () => false,
    findAccount: (_ctx, accountId) => {
      const person = settings.people.find((p) => p.key === accountId);
      return person && { accountId, claims: () => ({ ...person.claims, sub: accountId }) };
    },
    renderError: (ctx, out) => {
      ctx.type = 'html';
      ctx.body = errorPage(settings.title, String(out.error), out.error_description);
    },
  };
}

/** FC v2 makes `state`, `nonce` (32 characters at least) and `acr_values` mandatory on /authorize. */
function requireLength(name: string, value: string | undefined, minimum: number) {
  if ((value ?? '').length < minimum) {
    throw new errors.InvalidRequest(`${name} is required, at least ${minimum} characters long`);
  }
}

function clientMetadata(client: PeerClient): ClientMetadata {
  return {
    ...client,
    grant_types: ['authorization_code'],
    subject_type: 'pairwise',
    response_types: ['code'],
    token_endpoint_auth_method: client.token_endpoint_auth_method ?? 'client_secret_post',
    id_token_signed_response_alg: client.id_token_signed_response_alg ?? 'ES256',
    userinfo_signed_response_alg: client.userinfo_signed_response_alg ?? 'ES256',
    // One service, one sector, however many hosts it answers on (a platform serving several
    // communes' portals). oidc-provider wants that sector named when the redirect URIs span
    // several hosts; FranceConnect keys it to the service, as `pairwiseIdentifier` does.
    ...(new Set(client.redirect_uris.map((uri) => new URL(uri).host)).size > 1
      ? { sector_identifier_uri: `https://secteur.invalid/${encodeURIComponent(client.client_id)}` }
      : {}),
  };
}

/**
 * FranceConnect shows no consent screen (the service's data access was settled when it
 * subscribed), so every requested scope and claim is granted once the person is identified.
 */
async function grantWhatIsAsked(ctx: KoaContextWithOIDC) {
  const { client, session, params, provider } = ctx.oidc;
  if (!client || !session?.accountId) return undefined;
  const grantId = ctx.oidc.result?.consent?.grantId ?? session.grantIdFor(client.clientId);
  const grant =
    (grantId ? await provider.Grant.find(grantId) : undefined) ??
    new provider.Grant({ clientId: client.clientId, accountId: session.accountId });
  grant.addOIDCScope(String(params?.scope ?? 'openid'));
  grant.addOIDCClaims(ctx.oidc.requestParamClaims);
  await grant.save();
  return grant;
}

async function generateSigningKeys(): Promise<JWK[]> {
  return Promise.all(
    (['ES256', 'RS256'] as const).map(async (alg) => {
      const { privateKey } = await generateKeyPair(alg, { extractable: true });
      const jwk = await exportJWK(privateKey);
      return { ...jwk, alg, use: 'sig', kid: await calculateJwkThumbprint(jwk) };
    }),
  );
}

async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  let body = '';
  for await (const chunk of req) {
    body += String(chunk);
    if (body.length > 10_000) throw new Error('Formulaire trop long.');
  }
  return new URLSearchParams(body);
}

function respond(res: ServerResponse, status: number, html: string) {
  if (res.headersSent) return;
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' }).end(html);
}

function portOf(issuerUrl: string | undefined): number {
  return issuerUrl ? Number(new URL(issuerUrl).port || 0) : 0;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
