import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repositoryRoot } from '@guichet/testing';

const script = path.join(repositoryRoot, 'scripts', 'check-node-version.cjs');
const { MINIMUM, supports } = createRequire(import.meta.url)(script) as { MINIMUM: string; supports: (version: string) => boolean };

describe('the Node.js version check that runs before npm start, test, worker and migrate', () => {
  it('accepts the versions that run TypeScript without a flag, and only those', () => {
    expect(['v20.20.2', '22.12.0', '22.17.1', '23.5.0'].filter(supports)).toEqual([]);
    expect(['22.18.0', '22.20.1', '23.6.0', '24.0.0', 'v24.22.3', '26.1.0'].every(supports)).toBe(true);
  });

  it('states the same minimum as package.json engines', () => {
    const engines = (JSON.parse(readFileSync(path.join(repositoryRoot, 'package.json'), 'utf8')) as { engines: { node: string } }).engines.node;
    expect(`${engines.replace('>=', '')}.0`).toBe(MINIMUM);
  });

  it('lets this Node through silently', () => {
    const run = spawnSync(process.execPath, [script], { encoding: 'utf8' });
    expect(run.status).toBe(0);
    expect(run.stdout + run.stderr).toBe('');
  });

  // Debian 12's own Node is 18 and this machine kind ships 20: where an old Node is at hand, run the check with it.
  const oldNode = ['/usr/bin/node', '/usr/local/bin/node'].find((candidate) => {
    const version = spawnSync(candidate, ['--version'], { encoding: 'utf8' }).stdout?.trim();
    return version !== undefined && version !== '' && !supports(version);
  });
  it.runIf(oldNode)(`stops an older Node with one sentence saying which is needed (${oldNode ?? 'no older Node on this machine'})`, () => {
    const run = spawnSync(oldNode!, [script], { encoding: 'utf8' });
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/^Guichet needs Node\.js 22\.18\.0 or later \(24 LTS recommended\); this is Node\.js \d+\.\d+\.\d+/);
  });
});
