/**
 * Wakes a live stream's loop when something it shows changed. A change announced while the loop
 * is busy (reading the request again, writing to the stream) is kept for its next wait: the
 * stream is never left one change behind until the following one.
 */
export function liveSignal() {
  let pending = false;
  let wake: (() => void) | null = null;
  return {
    /** Something changed (or the stream is to end: the loop then finds out itself). */
    ring(): void {
      pending = true;
      wake?.();
    },
    /** True as soon as something changed since the last wait (at once if it already has); false after `idleMs` without. */
    wait(idleMs: number): Promise<boolean> {
      return new Promise((resolve) => {
        const settle = (changed: boolean) => {
          clearTimeout(timer);
          wake = null;
          pending = false;
          resolve(changed);
        };
        const timer = setTimeout(() => settle(false), idleMs);
        wake = () => settle(true);
        if (pending) settle(true);
      });
    },
  };
}
