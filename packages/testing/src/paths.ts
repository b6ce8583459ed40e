import { fileURLToPath } from 'node:url';

export const repositoryRoot = fileURLToPath(new URL('../../../', import.meta.url));
export const demoTenantsDir = fileURLToPath(new URL('../../../tenants', import.meta.url));
