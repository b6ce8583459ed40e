export {
  acrSatisfies,
  createFranceConnectClient,
  createProConnectClient,
  franceConnectScopes,
  proConnectScopes,
  type RelyingParty,
  type RelyingPartyOptions,
  type SignInResult,
  type SignInStart,
  type SignOutStart,
  type SigningAlg,
  type TokenEndpointAuthMethod,
} from './client.ts';
export { SignInError, type ProviderLabel, type SignInErrorCode } from './errors.ts';
export type { AgentIdentity, CitizenIdentity, Claims } from './identity.ts';
export { startFranceConnectPeer, type Peer, type PeerClient, type PeerOptions, type PeerProfile } from './peer.ts';
export { createPeerBrowser, type PeerBrowser } from './peer-browser.ts';
export { demoAgents, demoCitizens, type DemoPerson } from './peer-people.ts';
