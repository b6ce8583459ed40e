export { onShutdownSignals } from './shutdown-signals.ts';
export { drainHttpServer } from './http-drain.ts';
