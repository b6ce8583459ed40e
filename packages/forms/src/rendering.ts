/**
 * What a rendered form needs in the browser, without zod or anything of the server's: which
 * fields are shown, when a group offers "add" and "remove", whether an answer is given and
 * matches its pattern. The same functions serve the server's validation, so both agree.
 */
export { fileSize, formatLabel } from './file-labels.ts';
export { compilePattern } from './pattern.ts';
export { canAddOccurrence, canRemoveOccurrence, minOccurrences } from './occurrences.ts';
export { isEmptyAnswer, isVisible } from './visibility.ts';
