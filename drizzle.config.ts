import { defineConfig } from 'drizzle-kit';

// Generated migrations land in migrations/ beside the hand-written ones (RLS, roles, grants),
// and the drizzle migrator applies both in journal order.
export default defineConfig({
  dialect: 'postgresql',
  schema: './packages/db/src/schema/index.ts',
  out: './migrations',
  casing: 'snake_case',
});
