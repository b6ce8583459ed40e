export * from './platform.ts';
export * from './services.ts';
export * from './identity.ts';
