export { communeBySlug, listen, onHost, readJson, requestWithHost, silentLog, testDatabases, type HostRequestInit, type ListeningServer } from './harness.ts';
export { demoTenantsDir, repositoryRoot } from './paths.ts';
export { startTestDatabase, type TestDatabase, type TestDatabaseUrls } from './test-database.ts';
export { startServer, type TestServer } from './server.ts';
export { accessibilityViolations, launchBrowser, type AccessibilityViolation } from './browser.ts';
export { seedIsolationFixtures } from './isolation-fixtures.ts';
