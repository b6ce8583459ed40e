import type { TestDatabaseUrls } from './test-database.ts';

/** What the global setup hands to every test file through vitest's inject(). */
declare module 'vitest' {
  export interface ProvidedContext {
    database: TestDatabaseUrls;
  }
}
