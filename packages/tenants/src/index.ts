export { loadTenants, type LoadSummary } from './load-tenants.ts';
export { readTenantFiles, TenantFileError, type DeclaredCommune, type DeclaredEpci } from './read-tenant-files.ts';
export { communeFileSchema, epciFileSchema, serviceFileSchema } from './tenant-file.ts';
