import { afterAll, describe, expect, it } from 'vitest';
import { testDatabases } from '@guichet/testing';

const databases = testDatabases();
afterAll(() => databases.close());

describe('functions that run as the owner (SECURITY DEFINER)', () => {
  it('search the caller’s temporary schema last, so no temporary view can stand in for a table they read', async () => {
    const definers = await databases.ownerClient<{ name: string; config: string[] | null }[]>`
      select p.oid::regprocedure::text as name, p.proconfig as config
      from pg_proc p where p.prosecdef and p.pronamespace = 'public'::regnamespace order by 1`;
    expect(definers.map((definer) => definer.name)).toContain('site_sessions(text[],uuid[],uuid[])');
    const unsafe = definers.filter((definer) => !(definer.config ?? []).includes('search_path=pg_catalog, public, pg_temp'));
    expect(unsafe.map((definer) => `${definer.name}: ${JSON.stringify(definer.config)}`)).toEqual([]);
  });

  it('are not callable by everyone, only by the application role they were granted to', async () => {
    const open = await databases.ownerClient<{ name: string }[]>`
      select p.oid::regprocedure::text as name from pg_proc p
      where p.prosecdef and p.pronamespace = 'public'::regnamespace and has_function_privilege('public', p.oid, 'EXECUTE')`;
    expect(open.map((row) => row.name)).toEqual([]);
  });
});
