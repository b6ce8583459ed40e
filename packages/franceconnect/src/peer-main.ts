import { startFranceConnectPeer, type PeerProfile } from './peer.ts';

// `npm start -w @guichet/franceconnect`: the local FranceConnect (or ProConnect) of a
// developer's machine. It reads the same FRANCECONNECT_CLIENT_* variables as the server, so
// one .env serves both.
const env = process.env;
const profile = parseProfile(env.FRANCECONNECT_PEER_PROFILE ?? 'franceconnect');
const port = Number(env.FRANCECONNECT_PEER_PORT ?? (profile === 'franceconnect' ? 4010 : 4011));
const clientId = env.FRANCECONNECT_CLIENT_ID ?? 'guichet-dev';

const peer = await startFranceConnectPeer({
  profile,
  port,
  issuerUrl: `http://127.0.0.1:${port}/api/v2`,
  clients: [
    {
      client_id: clientId,
      client_secret: env.FRANCECONNECT_CLIENT_SECRET ?? 'guichet-dev-secret-not-for-production',
      client_name: 'Guichet (développement)',
      redirect_uris: list(env.FRANCECONNECT_PEER_REDIRECT_URIS, 'http://localhost:3000/auth/franceconnect/callback'),
      post_logout_redirect_uris: list(env.FRANCECONNECT_PEER_POST_LOGOUT_REDIRECT_URIS, 'http://localhost:3000/'),
    },
  ],
});
console.info(`${profile} peer: issuer ${peer.issuer}, client ${clientId}`);

function parseProfile(value: string): PeerProfile {
  if (value === 'franceconnect' || value === 'proconnect') return value;
  throw new Error(`FRANCECONNECT_PEER_PROFILE must be franceconnect or proconnect, not "${value}"`);
}

function list(value: string | undefined, fallback: string): string[] {
  return (value ?? fallback).split(',').map((item) => item.trim()).filter(Boolean);
}
