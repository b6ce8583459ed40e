import { AsyncLocalStorage } from 'node:async_hooks';
import { timingSafeEqual } from 'node:crypto';
import * as oidc from 'openid-client';
import { SignInError, codeForCallbackError, toSignInError, type ProviderLabel } from './errors.ts';
import {
  agentIdentityFrom,
  citizenIdentityFrom,
  type AgentIdentity,
  type CitizenIdentity,
  type Claims,
} from './identity.ts';

/** FC v2 signs ID tokens and userinfo with one of these two (ES256 recommended). */
export type SigningAlg = 'ES256' | 'RS256';

/** FC v2's token endpoint takes `client_id` and `client_secret` in the form body (client_secret_post). */
export type TokenEndpointAuthMethod = 'client_secret_post' | 'client_secret_basic';

export interface RelyingPartyOptions {
  /** Issuer identifier, e.g. `https://fcp-low.integ01.dev-franceconnect.fr/api/v2` (FC v2 integration); discovery reads `<issuer>/.well-known/openid-configuration`. */
  issuer: string | URL;
  clientId: string;
  clientSecret: string;
  /** Default `client_secret_post`, as FranceConnect v2 and ProConnect document. */
  tokenEndpointAuthMethod?: TokenEndpointAuthMethod;
  /** Algorithm chosen for this client in the provider's partner space; default ES256. */
  signingAlg?: SigningAlg;
  /** Default: the profile's scopes (see `franceConnectScopes`, `proConnectScopes`). */
  scopes?: readonly string[];
  /** Sent as `acr_values` and required of the ID token's `acr`; default `eidas1`. */
  acr?: string;
  /** HTTP timeout towards the provider, in seconds; default 30. */
  timeoutSeconds?: number;
}

export interface SignInStart {
  /** Where to redirect the browser. */
  url: URL;
  /** Store server-side with `nonce` until the callback; both are single-use. */
  state: string;
  nonce: string;
}

export interface SignInResult<Identity> {
  /** The provider's stable, per-service identifier of the person. */
  sub: string;
  /** Keep in the session: it is the `id_token_hint` of the sign-out. */
  idToken: string;
  acr: string;
  /** When the person authenticated at the provider (`auth_time`), when the ID token says it. */
  authTime?: Date;
  identity: Identity;
  /** Every userinfo claim, for the rare caller that needs one we do not map. */
  claims: Claims;
}

export interface SignOutStart {
  url: URL;
  /** Store server-side and give back to `completeSignOut`. */
  state: string;
}

export interface RelyingParty<Identity> {
  /**
   * `prompt: 'login'` asks the provider to authenticate the person again, whatever session it has
   * (with `max_age=0`, so that the ID token says when: `authTime`).
   */
  beginSignIn(redirectUri: string, options?: { prompt?: 'login' }): Promise<SignInStart>;
  /**
   * `callbackUrl` is the URL the browser came back on, rebuilt on the public origin (the part
   * before `?` must be the `redirect_uri` given to `beginSignIn`).
   */
  completeSignIn(input: {
    callbackUrl: URL | string;
    expected: { state: string; nonce: string };
  }): Promise<SignInResult<Identity>>;
  beginSignOut(input: { idToken: string; postLogoutRedirectUri: string }): Promise<SignOutStart>;
  /** Checks the `state` the provider sends back to `post_logout_redirect_uri`. */
  completeSignOut(input: { callbackUrl: URL | string; expectedState: string }): void;
}

/** The data-minimal identity pivot plus email and usage name (FC v2 scope names). */
export const franceConnectScopes = [
  'openid',
  'given_name',
  'family_name',
  'birthdate',
  'birthplace',
  'birthcountry',
  'gender',
  'email',
  'preferred_username',
] as const;

/** What an agent's back-office account needs (ProConnect scope names). */
export const proConnectScopes = ['openid', 'given_name', 'usual_name', 'email', 'uid', 'siret'] as const;

interface Profile<Identity> {
  label: ProviderLabel;
  scopes: readonly string[];
  identityFrom(claims: Claims): Identity;
}

const franceConnect: Profile<CitizenIdentity> = {
  label: 'FranceConnect',
  scopes: franceConnectScopes,
  identityFrom: citizenIdentityFrom,
};

const proConnect: Profile<AgentIdentity> = {
  label: 'ProConnect',
  scopes: proConnectScopes,
  identityFrom: agentIdentityFrom,
};

/** A citizen's sign-in through FranceConnect v2. */
export function createFranceConnectClient(options: RelyingPartyOptions): RelyingParty<CitizenIdentity> {
  return createRelyingParty(franceConnect, options);
}

/** An agent's sign-in through ProConnect, the same protocol as FranceConnect v2 for the public sector. */
export function createProConnectClient(options: RelyingPartyOptions): RelyingParty<AgentIdentity> {
  return createRelyingParty(proConnect, options);
}

function createRelyingParty<Identity>(profile: Profile<Identity>, options: RelyingPartyOptions): RelyingParty<Identity> {
  const provider = profile.label;
  const scope = (options.scopes ?? profile.scopes).join(' ');
  const requiredAcr = options.acr ?? 'eidas1';
  const configuration = discoverOnce(() => discover(options), provider);
  const keysRefresh = atMostEvery(KEYS_REFRESH_INTERVAL_MS);

  /** The token exchange (replayed from the first answer on a second try), its checks, and the person's data. */
  async function finishSignIn(config: oidc.Configuration, url: URL, expected: { state: string; nonce: string }): Promise<SignInResult<Identity>> {
    const tokens = await oidc.authorizationCodeGrant(config, url, {
      expectedState: expected.state,
      expectedNonce: expected.nonce,
      idTokenExpected: true,
    });
    const idTokenClaims = tokens.claims();
    if (tokens.id_token === undefined || idTokenClaims === undefined) {
      throw new SignInError('verification_failed', provider);
    }
    const acr = idTokenClaims.acr;
    // Refused before asking for the person's data: we would not be allowed to use it.
    if (!acrSatisfies(acr, requiredAcr)) {
      throw new SignInError('acr_insufficient', provider);
    }
    const claims = await oidc.fetchUserInfo(config, tokens.access_token, idTokenClaims.sub);
    return {
      sub: idTokenClaims.sub,
      idToken: tokens.id_token,
      acr,
      ...(typeof idTokenClaims.auth_time === 'number' ? { authTime: new Date(idTokenClaims.auth_time * 1000) } : {}),
      identity: profile.identityFrom(claims),
      claims,
    };
  }

  return {
    async beginSignIn(redirectUri, options = {}) {
      const config = await configuration.get();
      // Both come from 32 random bytes, 43 base64url characters: FC v2 asks for at least 32.
      const state = oidc.randomState();
      const nonce = oidc.randomNonce();
      const url = oidc.buildAuthorizationUrl(config, {
        redirect_uri: redirectUri,
        scope,
        state,
        nonce,
        acr_values: requiredAcr,
        ...(options.prompt ? { prompt: options.prompt, max_age: '0' } : {}),
      });
      return { url, state, nonce };
    },

    async completeSignIn({ callbackUrl, expected }) {
      const url = new URL(callbackUrl);
      // Checked before anything else, so that a forged callback (even one carrying `error`)
      // is reported as what it is, and before the code is spent at the token endpoint.
      if (!sameSecret(url.searchParams.get('state'), expected.state)) {
        throw new SignInError('state_mismatch', provider);
      }
      const error = url.searchParams.get('error');
      if (error !== null) {
        throw new SignInError(codeForCallbackError(error), provider, { providerError: error });
      }
      // The token endpoint's answer is kept for this sign-in: the code is single-use, and a
      // signature checked against keys the provider has just replaced must be checked again.
      return exchanges.run({}, async () => {
        try {
          return await finishSignIn(await configuration.get(), url, expected);
        } catch (cause) {
          if (!isSigningKeyProblem(cause) || !keysRefresh.allowed()) throw toSignInError(cause, provider);
          // A fresh configuration starts with an empty key cache: the provider's keys are fetched again.
          configuration.forget();
          try {
            return await finishSignIn(await configuration.get(), url, expected);
          } catch (again) {
            throw toSignInError(again, provider);
          }
        }
      });
    },

    async beginSignOut({ idToken, postLogoutRedirectUri }) {
      const config = await configuration.get();
      const state = oidc.randomState();
      // FC v2 requires all three: the hint names the session to end, `state` protects the return.
      const url = oidc.buildEndSessionUrl(config, {
        id_token_hint: idToken,
        state,
        post_logout_redirect_uri: postLogoutRedirectUri,
      });
      return { url, state };
    },

    completeSignOut({ callbackUrl, expectedState }) {
      if (!sameSecret(new URL(callbackUrl).searchParams.get('state'), expectedState)) {
        throw new SignInError('state_mismatch', provider);
      }
    },
  };
}

async function discover(options: RelyingPartyOptions): Promise<oidc.Configuration> {
  const issuer = new URL(options.issuer);
  const alg = options.signingAlg ?? 'ES256';
  const authentication =
    options.tokenEndpointAuthMethod === 'client_secret_basic'
      ? oidc.ClientSecretBasic(options.clientSecret)
      : oidc.ClientSecretPost(options.clientSecret);
  // FC v2 makes checking both signatures mandatory ("vérification de la signature de la réponse
  // à /userinfo"); openid-client only checks them with non-repudiation enabled. Keys come from
  // the provider's jwks_uri through oauth4webapi's cache (under openid-client): kept 5 minutes,
  // fetched again when a token names a key it lacks if the copy is at least a minute old, and
  // by us right away when a signature fails (see isSigningKeyProblem).
  const execute = [oidc.enableNonRepudiationChecks];
  if (isLoopbackHttp(issuer)) execute.push(oidc.allowInsecureRequests);
  const config = await oidc.discovery(
    issuer,
    options.clientId,
    {
      client_secret: options.clientSecret,
      id_token_signed_response_alg: alg,
      userinfo_signed_response_alg: alg,
    },
    authentication,
    { execute, timeout: options.timeoutSeconds ?? 30 },
  );
  config[oidc.customFetch] = tokenAnswerKept(config.serverMetadata().token_endpoint);
  return config;
}

/** The token endpoint's answer of the sign-in under way, kept to be checked again (see completeSignIn). */
const exchanges = new AsyncLocalStorage<{ tokenAnswer?: { status: number; headers: [string, string][]; body: string } }>();

/**
 * Fetches as usual, except the token endpoint: its first answer in a sign-in is kept, and a second
 * request in the same sign-in gets that answer again instead of spending the code twice.
 */
function tokenAnswerKept(tokenEndpoint: string | undefined): oidc.CustomFetch {
  return async (url, init) => {
    const exchange = exchanges.getStore();
    if (!exchange || url !== tokenEndpoint) return fetch(url, init as RequestInit);
    if (exchange.tokenAnswer) {
      const { status, headers, body } = exchange.tokenAnswer;
      return new Response(body, { status, headers });
    }
    const response = await fetch(url, init as RequestInit);
    const body = await response.text();
    exchange.tokenAnswer = { status: response.status, headers: [...response.headers], body };
    return new Response(body, { status: response.status, headers: response.headers });
  };
}

/**
 * Runs discovery on first use and keeps the result; a failure is not kept, so a provider that
 * was down when the server started is discovered on the next sign-in.
 */
function discoverOnce(load: () => Promise<oidc.Configuration>, provider: ProviderLabel) {
  let pending: Promise<oidc.Configuration> | undefined;
  return {
    get() {
      pending ??= load().catch((cause: unknown) => {
        pending = undefined;
        throw new SignInError('provider_unavailable', provider, { cause });
      });
      return pending;
    },
    forget() {
      pending = undefined;
    },
  };
}

/**
 * A token signed with a key missing from our copy of the provider's keys, or whose signature fails
 * with the key of that name: the provider has just rotated its keys (FC v2: "en cas d'échec
 * re-tester"). The keys are fetched again and the same answer checked again, at most once every
 * half minute, so that a provider sending bad signatures cannot make us fetch its keys at will.
 */
function isSigningKeyProblem(error: unknown): boolean {
  if (!(error instanceof oidc.ClientError)) return false;
  if (error.code === 'OAUTH_KEY_SELECTION_FAILED') return true;
  return error.cause instanceof Error && error.cause.message === 'JWT signature verification failed';
}

const KEYS_REFRESH_INTERVAL_MS = 30_000;

/** Says yes at most once per interval. */
function atMostEvery(intervalMs: number) {
  let last = Number.NEGATIVE_INFINITY;
  return {
    allowed() {
      const now = Date.now();
      if (now - last < intervalMs) return false;
      last = now;
      return true;
    },
  };
}

// Plain http is only for the local peer (development and tests), never for a real provider.
function isLoopbackHttp(url: URL): boolean {
  return url.protocol === 'http:' && ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
}

/**
 * eIDAS levels are ordered (eidas1 low < eidas2 substantial < eidas3 high): an identity proven
 * at a higher level satisfies a lower requirement. Any other value must match exactly.
 */
export function acrSatisfies(actual: unknown, required: string): actual is string {
  if (typeof actual !== 'string') return false;
  const actualLevel = eidasLevel(actual);
  const requiredLevel = eidasLevel(required);
  if (actualLevel === undefined || requiredLevel === undefined) return actual === required;
  return actualLevel >= requiredLevel;
}

function eidasLevel(acr: string): number | undefined {
  const match = /^eidas([1-3])$/.exec(acr);
  return match ? Number(match[1]) : undefined;
}

function sameSecret(received: string | null, expected: string): boolean {
  if (received === null || expected === '') return false;
  const a = Buffer.from(received);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
