import { describe, expect, it } from 'vitest';
import { liveSignal } from './live-signal.ts';

describe('the live signal of a stream', () => {
  it('keeps a change rung while the loop was busy for its next wait', async () => {
    const signal = liveSignal();
    signal.ring();
    expect(await signal.wait(1_000)).toBe(true);
  });

  it('wakes a waiting loop, then waits for the next change', async () => {
    const signal = liveSignal();
    const woken = signal.wait(1_000);
    signal.ring();
    expect(await woken).toBe(true);
    expect(await signal.wait(20)).toBe(false);
  });

  it('counts changes rung together as one', async () => {
    const signal = liveSignal();
    signal.ring();
    signal.ring();
    expect(await signal.wait(1_000)).toBe(true);
    expect(await signal.wait(20)).toBe(false);
  });
});
