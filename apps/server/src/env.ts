import type { MapTiles } from './commune-map.ts';
import type { SiteResolver } from './site-resolver.ts';
import type { AgentRole, Database, Epci, Session, Tenant, Transaction } from '@guichet/db';
import type { CitizenIdentity, RelyingParty } from '@guichet/franceconnect';
import type { SecretBox, SessionLookups } from '@guichet/identity';
import type { Storage } from '@guichet/storage';
import type { MailCapture, Mailer } from '@guichet/mail';
import type { PgBoss } from 'pg-boss';
import type { FilingQueue } from '@guichet/requests';
import type { Logger } from 'pino';
import type { ReadinessCheck } from './readiness.ts';
import type { CatalogueCache } from './catalogue-cache.ts';
import type { RequestFeed } from './request-feed.ts';
import type { AgentSignInProviders } from './agent-sign-in-providers.ts';

/** What the Host header designates: a commune's portal or an EPCI's console. */
export type Site = { kind: 'commune'; tenant: Tenant; epci: Epci } | { kind: 'epci'; epci: Epci };

export type AppVariables = {
  requestId: string;
  log: Logger;
  site: Site;
  /**
   * Runs `work` in one transaction scoped to the site: its commune (RLS shows that commune's
   * rows only), or its EPCI on a console. The one way routes reach the database.
   */
  inSite: <T>(work: (tx: Transaction) => Promise<T>) => Promise<T>;
  /** The caller's session on this site, or null when signed out. */
  session: Session | null;
  /** Set with an agent's session: the agent's current role in this commune. */
  agentRole: AgentRole;
  clientIp: string;
  /** The scheme, host and port the browser sees (see middleware/public-origin.ts). */
  publicOrigin: string;
};

export type AppEnv = { Variables: AppVariables };

/** What the composition root hands to the HTTP app. */
export type AppDependencies = {
  db: Database;
  /** pg-boss: routes enqueue jobs through their own transaction (`enqueue`, `queueMail`). */
  jobs: PgBoss;
  /** Portal and agent filings, written in batches per commune (`createFilingQueue`). */
  filings: FilingQueue;
  /** The sessions requests' cookies name, read together when they arrive together (`createSessionLookups`). */
  sessionLookups: SessionLookups;
  log: Logger;
  platformDomain: string;
  /** Which commune or EPCI console a Host is (cached briefly). */
  sites: SiteResolver;
  webDistDir?: string | undefined;
  /** What `/readyz` answers: the database reachable and migrated, and the process not stopping. */
  readiness: ReadinessCheck;
  identity: IdentityDependencies;
  /** Each commune's identity provider for its agents (ProConnect, OpenID, Entra ID); absent: password + TOTP only. */
  agentSignIn?: AgentSignInProviders | undefined;
  /** Live announcements of request history events and catalogue changes (Postgres LISTEN/NOTIFY). */
  requestFeed: RequestFeed;
  /** Each commune's public catalogue, kept in this process until it changes. */
  catalogueCache: CatalogueCache;
  /** Where attachments' and vault documents' bytes live (local disk or an S3-compatible bucket). */
  storage: Storage;
  /** The largest upload where no form field sets its own limit (UPLOAD_MAX_BYTES). */
  uploadMaxBytes: number;
  /** The address search citizens' browsers call (Base Adresse Nationale, or its local peer); the CSP allows its origin. */
  addressSearchUrl: string;
  /** The platform's map tile server (`MAP_TILE_URL`), for communes that declare none of their own. */
  mapTiles: MapTiles | null;
};

export type IdentityDependencies = {
  mailer: Mailer;
  secretBox: SecretBox;
  /** Null when FranceConnect is not configured: the portal then offers e-mail and password only. */
  franceconnect: RelyingParty<CitizenIdentity> | null;
  trustProxy: boolean;
  /** The local SMTP capture in the embedded default, listed at /dev/courriels; never in production. */
  mailbox?: MailCapture | undefined;
  /**
   * A portal created while running (a commune made from the console): the local FranceConnect
   * (démo) accepts its return addresses at once; the real one, once they are declared in its
   * partner space (the console lists them).
   */
  learnPortal(origin: string): void;
};
