import { afterEach, describe, expect, it, vi } from 'vitest';
import { createCatalogueCache } from './catalogue-cache.ts';

/** A loader that counts its readings and answers what `state.title` says at the time. */
function counting(state: { title: string }) {
  let readings = 0;
  return {
    load: async () => {
      readings += 1;
      return { title: state.title };
    },
    readings: () => readings,
  };
}

afterEach(() => vi.useRealTimers());

describe('the catalogue cache', () => {
  it('keeps a commune’s copy until it is told of a change, and each commune its own', async () => {
    const cache = createCatalogueCache(() => true);
    const libercourt = counting({ title: 'A' });
    const carvin = counting({ title: 'C' });
    await cache.read('libercourt', libercourt.load);
    expect(JSON.parse((await cache.read('libercourt', libercourt.load)).body)).toEqual({ title: 'A' });
    expect(JSON.parse((await cache.read('carvin', carvin.load)).body)).toEqual({ title: 'C' });
    expect(libercourt.readings()).toBe(1);

    cache.forget('carvin');
    await cache.read('libercourt', libercourt.load);
    await cache.read('carvin', carvin.load);
    expect([libercourt.readings(), carvin.readings()]).toEqual([1, 2]);
    cache.forget('all');
    await cache.read('libercourt', libercourt.load);
    expect(libercourt.readings()).toBe(2);
  });

  it('does not keep a reading that began before a change it was told of', async () => {
    const cache = createCatalogueCache(() => true);
    const state = { title: 'avant' };
    let release!: () => void;
    const slow = cache.read('libercourt', async () => {
      const seen = { title: state.title };
      await new Promise<void>((resolve) => (release = resolve));
      return seen;
    });
    // The change commits and is announced while the reading is still on its way.
    state.title = 'après';
    cache.forget('libercourt');
    release();
    expect(JSON.parse((await slow).body)).toEqual({ title: 'avant' });
    expect(JSON.parse((await cache.read('libercourt', counting(state).load)).body)).toEqual({ title: 'après' });
  });

  it('keeps nothing while changes are not announced', async () => {
    let listening = false;
    const cache = createCatalogueCache(() => listening);
    const loader = counting({ title: 'A' });
    await cache.read('libercourt', loader.load);
    await cache.read('libercourt', loader.load);
    expect(loader.readings()).toBe(2);
    listening = true;
    await cache.read('libercourt', loader.load);
    await cache.read('libercourt', loader.load);
    expect(loader.readings()).toBe(3);
  });

  it('serves no copy older than a minute', async () => {
    vi.useFakeTimers();
    const cache = createCatalogueCache(() => true);
    const loader = counting({ title: 'A' });
    await cache.read('libercourt', loader.load);
    vi.advanceTimersByTime(59_000);
    await cache.read('libercourt', loader.load);
    expect(loader.readings()).toBe(1);
    vi.advanceTimersByTime(2_000);
    await cache.read('libercourt', loader.load);
    expect(loader.readings()).toBe(2);
  });

  it('gives the same list the same ETag, and a changed list another', async () => {
    const cache = createCatalogueCache(() => true);
    const first = await cache.read('libercourt', async () => ({ title: 'A' }));
    cache.forget('libercourt');
    const same = await cache.read('libercourt', async () => ({ title: 'A' }));
    cache.forget('libercourt');
    const changed = await cache.read('libercourt', async () => ({ title: 'B' }));
    expect(same.etag).toBe(first.etag);
    expect(changed.etag).not.toBe(first.etag);
  });
});
