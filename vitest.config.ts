import { defineConfig } from 'vitest/config';

// One run, one real Postgres (see packages/testing): every suite shares the seeded communes.
export default defineConfig({
  test: {
    include: ['apps/*/src/**/*.test.ts', 'apps/*/test/**/*.test.ts', 'packages/*/src/**/*.test.ts', 'packages/*/test/**/*.test.ts'],
    globalSetup: ['packages/testing/src/global-setup.ts'],
    // Every test process speaks French as the platform's processes do (see packages/config).
    setupFiles: ['packages/config/src/french-messages.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Every test server works the same pg-boss queues: files run one after another so that a
    // job queued by one file is never taken by another file's worker (and its mail capture).
    fileParallelism: false,
  },
});
