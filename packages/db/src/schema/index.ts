export * from './platform.ts';
export * from './services.ts';
export * from './identity.ts';
export * from './catalogue.ts';
export * from './requests.ts';
export * from './commune-settings.ts';
export * from './statistics.ts';
