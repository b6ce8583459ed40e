import type { Database, Epci, Tenant } from '@guichet/db';
import type { Logger } from 'pino';

/** What the Host header designates: a commune's portal or an EPCI's console. */
export type Site = { kind: 'commune'; tenant: Tenant; epci: Epci } | { kind: 'epci'; epci: Epci };

export type AppVariables = {
  requestId: string;
  log: Logger;
  site: Site;
};

export type AppEnv = { Variables: AppVariables };

/** What the composition root hands to the HTTP app. */
export type AppDependencies = {
  db: Database;
  log: Logger;
  platformDomain: string;
  webDistDir?: string | undefined;
  isReady: () => Promise<boolean>;
};
