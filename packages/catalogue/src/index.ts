export {
  amendDefinition,
  definitionKeys,
  defaultWaitingCitizen,
  parseProcedureDefinition,
  procedureDefinitionSchema,
  procedureFieldsSchema,
  routingRuleSchema,
  slugSchema,
  type DefinitionIssue,
  type ParsedProcedureDefinition,
  type ProcedureDefinitionInput,
} from './procedure-definition.ts';
export { initialPriority, routeRequest, type RoutedProcedure } from './routing.ts';
export { sectorOf, sectorSchema, type Sector } from './sectors.ts';
export { calendarSchema, defaultCalendar, type CommuneCalendar } from './calendar.ts';
export { communeSettingsFrom, readCommuneSettings, updateCommuneCalendar } from './commune-settings.ts';
export { catalogueFileSchema, templatesFileSchema } from './catalogue-file.ts';
export { readCatalogueFiles, type DeclaredCatalogue, type DeclaredEpciCatalogue } from './read-catalogue-files.ts';
export { loadCatalogue, type CatalogueLoadSummary } from './load-catalogue.ts';
export {
  adoptionInputSchema,
  procedureChangesSchema,
  procedureInputSchema,
  templateChangesSchema,
  templateInputSchema,
  themeChangesSchema,
  themeInputSchema,
  type AdoptionInput,
  type ProcedureChanges,
  type ProcedureInput,
  type TemplateInput,
  type ThemeChanges,
  type ThemeInput,
} from './inputs.ts';
export { CatalogueError, type CatalogueFailure } from './errors.ts';
export type { CommuneContext, EpciContext } from './catalogue-audit.ts';
export { catalogueEntrySchema, catalogueThemeSchema, listCatalogue, type CatalogueEntry } from './list-catalogue.ts';
export { procedureDetail, procedureDetailSchema, type ProcedureDetail } from './procedure-detail.ts';
export { listTemplates, templateSummarySchema } from './list-templates.ts';
export { templateDetail, templateDetailSchema } from './template-detail.ts';
export { changedSlugSchema, type ChangedSlug } from './changed-slug.ts';
export { createProcedure } from './create-procedure.ts';
export { updateProcedure } from './update-procedure.ts';
export { adoptTemplate } from './adopt-template.ts';
export { publishTemplate } from './publish-template.ts';
export { updateTemplate } from './update-template.ts';
export { answerTemplateUpdate, listTemplateUpdates, templateUpdateSchema } from './template-updates.ts';
export { listThemes, themeSummarySchema } from './list-themes.ts';
export { createTheme } from './create-theme.ts';
export { updateTheme } from './update-theme.ts';
export { deleteTheme } from './delete-theme.ts';
