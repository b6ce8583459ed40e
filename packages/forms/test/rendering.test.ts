import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { canRemoveOccurrence, compilePattern, isEmptyAnswer, isVisible } from '../src/rendering.ts';

/** The modules a file loads at run time (type-only imports are erased), followed recursively. */
function runtimeImports(file: URL, seen = new Set<string>()): Set<string> {
  const source = readFileSync(file, 'utf8');
  for (const [, specifier] of source.matchAll(/^(?:import|export) (?!type )[^;]*?from '([^']+)'/gms)) {
    if (seen.has(specifier!)) continue;
    seen.add(specifier!);
    if (specifier!.startsWith('.')) runtimeImports(new URL(specifier!, file), seen);
  }
  return seen;
}

describe('the rendering entry (@guichet/forms/rendering)', () => {
  it('loads no package at all, zod included, so the portal stays light', () => {
    const imports = [...runtimeImports(new URL('../src/rendering.ts', import.meta.url))];
    expect(imports.filter((specifier) => !specifier.startsWith('.'))).toEqual([]);
  });

  it('gives the browser the same rules as the server', () => {
    expect(isVisible({ visibleWhen: { field: 'canaux', equals: 'sms' } }, { canaux: ['courriel', 'sms'] })).toBe(true);
    expect(isEmptyAnswer('   ')).toBe(true);
    expect(canRemoveOccurrence({ required: true, minItems: 0, maxItems: 20 }, 1)).toBe(false);
    expect(compilePattern('[A-Z]{2} ?[0-9]{1,4}').test('AB 123')).toBe(true);
  });
});
