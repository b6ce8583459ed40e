import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { createServer } from 'node:net';
import path from 'node:path';
import { repositoryRoot } from './paths.ts';

export type LogLine = { msg?: string; level?: number; port?: number; [key: string]: unknown };

/**
 * The platform as an operator runs it: `node apps/server/src/main.ts` (or the worker) in its own
 * process, with its own environment, its JSON log read line by line. Fault tests kill it,
 * signal it and restart it; nothing of it runs inside the test's process.
 */
export type PlatformProcess = {
  child: ChildProcess;
  interrupt: () => void;
  /** The environment it was started with: a worker or a second start reuses its database settings. */
  environment: Record<string, string>;
  /** Every JSON log line so far; non-JSON output (a crash's stack) is kept in `output`. */
  lines: LogLine[];
  output: () => string;
  /** Resolves with the first log line matching, rejects if the process exits first. */
  waitForLine: (match: (line: LogLine) => boolean, timeoutMs?: number) => Promise<LogLine>;
  /** Resolves with the exit code (or the signal's name) when the process ends. */
  exited: Promise<number | string>;
  /** Where this process keeps its files (secret key, stored files): removed by `cleanUp`. */
  dataDir: string;
  cleanUp: () => Promise<void>;
};

const ENTRY_POINTS = { server: 'apps/server/src/main.ts', worker: 'apps/worker/src/main.ts' } as const;

export async function spawnPlatform(
  kind: keyof typeof ENTRY_POINTS,
  environment: Record<string, string>,
  options: { dataDir?: string } = {},
): Promise<PlatformProcess> {
  const dataDir = options.dataDir ?? (await mkdtemp(path.join(tmpdir(), `guichet-${kind}-`)));
  // As root the embedded cluster runs as `postgres`, which must enter the folder.
  await chmod(dataDir, 0o755);
  const childEnvironment: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    NODE_ENV: 'test',
    LOG_LEVEL: 'info',
    PORT: '0',
    HOST: '127.0.0.1',
    FRANCECONNECT_PEER_PORT: '0',
    PROCONNECT_PEER_PORT: '0',
    ADDRESS_PEER_PORT: '0',
    SMTP_CAPTURE_PORT: '0',
    SECRET_KEY: 'test-secret-key-with-at-least-32-characters',
    // Two years of generated requests per commune slow a start down: the demo-activity test asks for them.
    DEMO_ACTIVITY: 'false',
    STORAGE_DIR: path.join(dataDir, 'files'),
    EMBEDDED_POSTGRES_DIR: path.join(dataDir, 'postgres'),
    EMBEDDED_POSTGRES_PORT: String(await freePort()),
    ...environment,
  };
  // Its own process group, as a terminal gives a command: `interrupt()` is a Ctrl-C.
  const child = spawn(process.execPath, [ENTRY_POINTS[kind]], { cwd: repositoryRoot, env: childEnvironment, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  const lines: LogLine[] = [];
  let raw = '';
  const waiters = new Set<() => void>();
  // A pipe may cut a line across two chunks: each stream keeps its unfinished line until the next.
  const reader = () => {
    let pending = '';
    return (chunk: Buffer) => {
      const text = chunk.toString('utf8');
      raw += text;
      const parts = (pending + text).split('\n');
      pending = parts.pop() ?? '';
      for (const line of parts) {
        if (!line.startsWith('{')) continue;
        try {
          lines.push(JSON.parse(line) as LogLine);
        } catch {
          // Not a log line (a crash's output that happens to start with a brace): kept in `output` only.
        }
      }
      for (const wake of waiters) wake();
    };
  };
  child.stdout!.on('data', reader());
  child.stderr!.on('data', reader());
  const exited = new Promise<number | string>((resolve) => {
    child.once('exit', (code, signal) => {
      resolve(code ?? signal ?? -1);
      for (const wake of waiters) wake();
    });
  });

  function waitForLine(match: (line: LogLine) => boolean, timeoutMs = 60_000): Promise<LogLine> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        waiters.delete(check);
        reject(new Error(`${kind}: no such log line within ${timeoutMs} ms\n${raw.slice(-4000)}`));
      }, timeoutMs);
      function check() {
        const found = lines.find(match);
        if (found) {
          clearTimeout(timer);
          waiters.delete(check);
          resolve(found);
        } else if (child.exitCode !== null || child.signalCode !== null) {
          clearTimeout(timer);
          waiters.delete(check);
          reject(new Error(`${kind} exited (${child.exitCode ?? child.signalCode}) before the expected log line\n${raw.slice(-4000)}`));
        }
      }
      waiters.add(check);
      check();
    });
  }

  return {
    child,
    /** Ctrl-C in a terminal: SIGINT to the whole process group, the children it started included. */
    interrupt: () => process.kill(-child.pid!, 'SIGINT'),
    environment: childEnvironment,
    lines,
    output: () => raw,
    waitForLine,
    exited,
    dataDir,
    cleanUp: async () => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGKILL');
        await exited;
      }
      // Only the process that made the folder owns its cluster: a second start on it, refused or not, leaves it be.
      if (options.dataDir) return;
      stopEmbeddedCluster(childEnvironment.EMBEDDED_POSTGRES_DIR!);
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * The embedded Postgres runs in a session of its own: a server killed with -9, or a cluster
 * started again with pg_ctl, would otherwise outlive the test run. Its postmaster ends on SIGQUIT at once.
 */
function stopEmbeddedCluster(clusterDir: string): void {
  try {
    const postmaster = Number(readFileSync(path.join(clusterDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
    // A pid file left by a cluster that died may name another process by now.
    if (readFileSync(`/proc/${postmaster}/cmdline`, 'utf8').includes(clusterDir)) process.kill(postmaster, 'SIGQUIT');
  } catch {
    // No cluster runs there (never started, or stopped by its server).
  }
}

/** Starts the server and waits until it listens; its port is in the `listening` line. */
export async function startPlatformServer(environment: Record<string, string>, options: { dataDir?: string } = {}) {
  const platform = await spawnPlatform('server', environment, options);
  try {
    const listening = await platform.waitForLine((line) => line.msg === 'listening', 120_000);
    return { ...platform, port: listening.port as number, origin: `http://127.0.0.1:${listening.port}` };
  } catch (error) {
    await platform.cleanUp();
    throw error;
  }
}

export type PlatformServer = Awaited<ReturnType<typeof startPlatformServer>>;

/** A port nobody listens on now, for a process that must be told its port in advance. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/** Whether the process is still running (neither exited nor killed). */
export function isRunning(platform: PlatformProcess): boolean {
  return platform.child.exitCode === null && platform.child.signalCode === null;
}
