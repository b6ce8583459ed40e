/**
 * Waits, polling every 200 ms, for what a worker or another process does in its own time; fails
 * naming `what` (a function: read at the moment it fails) after `timeoutMs`.
 */
export async function until(done: () => Promise<boolean> | boolean, what: string | (() => string), timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await done())) {
    if (Date.now() > deadline) throw new Error(`still waiting for ${typeof what === 'string' ? what : what()}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
