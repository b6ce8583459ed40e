export * from './schema/index.ts';
export { actorColumns, type Actor, type AgentActor } from './actor.ts';
export { createDatabase, type Database, type Transaction } from './client.ts';
export { withEpci, withEpciScope, withTenant } from './tenant-scope.ts';
export { migrateDatabase, migrationsFolder } from './migrate.ts';
export { APPLICATION_ROLE, applicationUrl, checkApplicationRole, DatabaseRoleError, ensureApplicationRole } from './roles.ts';
export { embeddedApplicationUrl, EmbeddedPostgresError, startEmbeddedPostgres, type EmbeddedCluster } from './embedded.ts';
export { prepareDatabase, type PreparedDatabase } from './prepare.ts';
export { isDatabaseUnavailable } from './database-unavailable.ts';
