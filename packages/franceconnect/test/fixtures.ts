import { createFranceConnectClient, startFranceConnectPeer, type Peer, type PeerClient, type PeerOptions, type RelyingPartyOptions } from '../src/index.ts';

export const redirectUri = 'http://portail.guichet.test/auth/franceconnect/callback';
export const postLogoutRedirectUri = 'http://portail.guichet.test/auth/franceconnect/deconnexion';

/** A portal registered at the peer, as a commune's portal is registered at FranceConnect. */
export const portal = {
  client_id: 'guichet-test',
  client_secret: 'un-secret-de-test-assez-long-pour-la-demo',
  redirect_uris: [redirectUri],
  post_logout_redirect_uris: [postLogoutRedirectUri],
  client_name: 'Portail citoyen de test',
} satisfies PeerClient;

export function startPeer(options: Partial<PeerOptions> = {}): Promise<Peer> {
  return startFranceConnectPeer({ clients: [portal], ...options });
}

export function portalClient(peer: Peer, options: Partial<RelyingPartyOptions> = {}) {
  return createFranceConnectClient({
    issuer: peer.issuer,
    clientId: portal.client_id,
    clientSecret: portal.client_secret,
    ...options,
  });
}
