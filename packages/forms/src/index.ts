export type {
  AnswerFieldDefinition,
  DateBound,
  FieldDefinition,
  FieldKind,
  GroupChildDefinition,
  GroupFieldDefinition,
} from './field-definitions.ts';
export type { Address, AnswerValue } from './field-values.ts';
export {
  formSchema,
  parseFormDefinition,
  type DefinitionError,
  type FormDefinition,
  type FormDefinitionInput,
} from './form-definition.ts';
export { canAddOccurrence, canRemoveOccurrence, minOccurrences } from './occurrences.ts';
export { normalizeFrenchPhone } from './phone.ts';
export {
  validateSubmission,
  type SubmissionData,
  type SubmissionError,
  type SubmissionErrorCode,
  type SubmissionResult,
  type ValidateSubmissionOptions,
} from './submission.ts';
export type { Condition } from './condition-schema.ts';
export { isVisible } from './visibility.ts';
export { submissionJsonSchema, type JsonSchema } from './json-schema.ts';
export { fileSize, formatLabel } from './file-labels.ts';
