export { communeBySlug, listen, onHost, requestWithHost, silentLog, testDatabases, type HostRequestInit, type ListeningServer } from './harness.ts';
export { demoTenantsDir, repositoryRoot } from './paths.ts';
export { startTestDatabase, type TestDatabase, type TestDatabaseUrls } from './test-database.ts';
