export { loadTenants, type LoadSummary } from './load-tenants.ts';
export { readTenantFiles, type DeclaredCommune, type DeclaredEpci } from './read-tenant-files.ts';
export { agentFileSchema, agentSignInFileSchema, communeFileSchema, epciFileSchema, epciStaffFileSchema, serviceFileSchema } from './tenant-file.ts';
export { readTenantYaml, TenantFileError, tenantFileName } from './tenant-yaml.ts';
export { communeCreationSchema, CommuneCreationRefusal, createCommune, type CommuneCreation } from './create-commune.ts';
