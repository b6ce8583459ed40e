type Log = { info: (fields: object, message: string) => void; error: (fields: object, message: string) => void };

/**
 * SIGTERM (an orchestrator, `docker stop`, systemd) and SIGINT (Ctrl-C) start one graceful
 * shutdown; a second signal, or a shutdown that outlives `deadlineMs`, ends the process at once
 * with a failure code, so that a stuck step can never keep a deployment waiting forever.
 */
export function onShutdownSignals(log: Log, shutdown: (signal: string) => Promise<void>, deadlineMs = 30_000): void {
  let stopping = false;
  const handle = (signal: NodeJS.Signals) => {
    if (stopping) {
      log.error({ signal }, 'second signal during shutdown: exiting now');
      process.exit(1);
    }
    stopping = true;
    setTimeout(() => {
      log.error({ deadlineMs }, 'shutdown took too long: exiting now');
      process.exit(1);
    }, deadlineMs).unref();
    shutdown(signal).then(
      () => process.exit(0),
      (error: unknown) => {
        log.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', handle);
  process.on('SIGINT', handle);
}
