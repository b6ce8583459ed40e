import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const fixture = fileURLToPath(new URL('./fixtures/shutting-down-process.ts', import.meta.url));

function start(environment: Record<string, string>) {
  const child = spawn(process.execPath, [fixture], { env: { ...process.env, ...environment }, stdio: ['ignore', 'pipe', 'inherit'] });
  let output = '';
  const ready = new Promise<void>((resolve) =>
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8');
      if (output.includes('"ready"')) resolve();
    }),
  );
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, ready, exited, output: () => output };
}

describe('a platform process on SIGTERM and SIGINT', () => {
  it('exits 0 once its shutdown is done', async () => {
    const platform = start({ SHUTDOWN_MS: '300' });
    await platform.ready;
    platform.child.kill('SIGTERM');
    expect(await platform.exited).toBe(0);
  });

  it('exits 1 at once on a second signal during the shutdown', async () => {
    const platform = start({});
    await platform.ready;
    platform.child.kill('SIGTERM');
    await new Promise((resolve) => setTimeout(resolve, 200));
    platform.child.kill('SIGINT');
    expect(await platform.exited).toBe(1);
    expect(platform.output()).toContain('second signal during shutdown');
  });

  it('exits 1 when the shutdown outlives its deadline', async () => {
    const platform = start({ DEADLINE_MS: '500' });
    await platform.ready;
    const signalled = Date.now();
    platform.child.kill('SIGTERM');
    expect(await platform.exited).toBe(1);
    expect(Date.now() - signalled).toBeLessThan(5_000);
    expect(platform.output()).toContain('shutdown took too long');
  });
});
