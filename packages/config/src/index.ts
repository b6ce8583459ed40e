import { z } from 'zod';
import './french-messages.ts';
import { tileUrlTemplate } from './map-tiles.ts';

export { tileOrigin, tileUrlTemplate } from './map-tiles.ts';

const port = z.coerce.number().int().min(0).max(65535);
const url = z.url();

/**
 * The environment the platform reads. Everything has a default that makes
 * `npm start` work on a fresh machine: an embedded Postgres, a local SMTP
 * capture and the local FranceConnect peer.
 */
export const environmentSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  PORT: port.default(3000),
  HOST: z.string().default('0.0.0.0'),
  /** Host suffix for `<slug>.<PLATFORM_DOMAIN>`; `localhost` resolves to loopback in browsers. */
  PLATFORM_DOMAIN: z.string().default('localhost'),
  /** Owner (or admin) connection: runs migrations and loads tenants. Absent: embedded Postgres. */
  DATABASE_URL: url.optional(),
  /** Application role connection; derived from DATABASE_URL and APP_DATABASE_PASSWORD when absent. */
  APP_DATABASE_URL: url.optional(),
  APP_DATABASE_PASSWORD: z.string().min(16).optional(),
  /** Connections the server opens as the application role. */
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  EMBEDDED_POSTGRES_DIR: z.string().default('.data/postgres'),
  EMBEDDED_POSTGRES_PORT: port.default(54329),
  TENANTS_DIR: z.string().default('tenants'),
  /** With the embedded database outside production: communes without requests get two years of generated activity. */
  DEMO_ACTIVITY: z.stringbool().default(true),
  /** Run the pg-boss worker inside the server process (the embedded default). */
  WORKER_IN_PROCESS: z.stringbool().default(true),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  WEB_DIST_DIR: z.string().default('apps/web/dist'),
  /** A commune portal's public address, for links in messages: `{slug}` is replaced. */
  PORTAL_URL_TEMPLATE: z.string().optional(),
  /** Seals secrets at rest (TOTP seeds). Generated into .data/ when absent outside production. */
  SECRET_KEY: z.string().min(32).optional(),
  /** Trust X-Forwarded-For for the client address (behind a reverse proxy only). */
  TRUST_PROXY: z.stringbool().default(false),
  /** Outgoing mail. Absent: a local SMTP server captures mail, listed at /dev/courriels. */
  SMTP_URL: z.string().regex(/^smtps?:\/\//, 'smtp://… ou smtps://…').optional(),
  SMTP_CAPTURE_PORT: port.default(2525),
  /** How many mails the local capture keeps, the oldest forgotten first. */
  SMTP_CAPTURE_KEEP: z.coerce.number().int().positive().default(500),
  MAIL_FROM: z.string().default('Guichet <ne-pas-repondre@guichet.localhost>'),
  /** FranceConnect v2. Absent: the local FranceConnect (démo) provider is started. */
  FRANCECONNECT_ISSUER: z.url().optional(),
  FRANCECONNECT_CLIENT_ID: z.string().optional(),
  FRANCECONNECT_CLIENT_SECRET: z.string().optional(),
  FRANCECONNECT_PEER_PORT: port.default(4010),
  /** The local "ProConnect (démo)" provider, started for communes whose provider secret is not set. */
  PROCONNECT_PEER_PORT: port.default(4011),
  /**
   * The Base Adresse Nationale's geocoding API (`…/search/?q=`), which citizens' browsers call to
   * find an address. Absent: a local peer answering in its format from the demo communes' streets
   * (`ADDRESS_PEER_PORT`), or the national service itself in production.
   */
  ADDRESS_SEARCH_URL: url.optional(),
  ADDRESS_PEER_PORT: port.default(4012),
  /**
   * The map tile server of every commune that declares none of its own (an OpenStreetMap-compatible
   * template, `https://…/{z}/{x}/{y}.png`), and its attribution. Absent: no map, the address
   * search and the position suffice.
   */
  MAP_TILE_URL: tileUrlTemplate.optional(),
  MAP_TILE_ATTRIBUTION: z.string().min(1).default('© les contributeurs d’OpenStreetMap'),
  /** Where files' bytes are kept: `local` (under STORAGE_DIR) or `s3` (the S3_* variables). */
  STORAGE_DRIVER: z.enum(['local', 's3']).default('local'),
  STORAGE_DIR: z.string().default('.data/files'),
  /** An S3-compatible service's address; absent: AWS itself. */
  S3_ENDPOINT: url.optional(),
  S3_BUCKET: z.string().min(1).optional(),
  S3_REGION: z.string().min(1).default('us-east-1'),
  /** Absent: the AWS SDK's own credential chain. */
  S3_ACCESS_KEY_ID: z.string().min(1).optional(),
  S3_SECRET_ACCESS_KEY: z.string().min(1).optional(),
  /** Path-style addresses (`endpoint/bucket/key`), which most self-hosted services need. */
  S3_FORCE_PATH_STYLE: z.stringbool().default(false),
  /** The largest upload, unless a form's file field allows more or less (10 MiB). */
  UPLOAD_MAX_BYTES: z.coerce.number().int().min(1).max(50 * 1024 * 1024).default(10 * 1024 * 1024),
});

export type Environment = z.infer<typeof environmentSchema>;

export class ConfigurationError extends Error {
  override name = 'ConfigurationError';
}

/** Parses the environment once at start; a bad variable stops the process with its name. */
export function readEnvironment(source: NodeJS.ProcessEnv = process.env): Environment {
  const parsed = environmentSchema.safeParse(source);
  if (parsed.success) return parsed.data;
  const lines = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
  throw new ConfigurationError(`Invalid environment:\n${lines.join('\n')}`);
}

/** `http://{slug}.localhost:3000` unless PORTAL_URL_TEMPLATE says otherwise. */
export function portalUrlFor(env: Environment): (slug: string) => string {
  const template = env.PORTAL_URL_TEMPLATE ?? `http://{slug}.${env.PLATFORM_DOMAIN}:${env.PORT}`;
  return (slug) => template.replaceAll('{slug}', slug);
}
