export * from './platform.ts';
export * from './services.ts';
