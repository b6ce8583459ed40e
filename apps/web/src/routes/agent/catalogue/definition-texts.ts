/**
 * A definition's lists as an administrator types them: one line each, and an optional document
 * marked by a prefix (a procedure's page and an EPCI template's share the convention).
 */
export const OPTIONAL_MARK = '(facultatif)';

export function linesOf(text: string): string[] {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);
}

export function documentsText(documents: readonly { label: string; required: boolean }[]): string {
  return documents.map((document) => (document.required ? document.label : `${OPTIONAL_MARK} ${document.label}`)).join('\n');
}

export function documentsOf(text: string): { label: string; required: boolean }[] {
  return linesOf(text).map((line) => (line.startsWith(OPTIONAL_MARK) ? { label: line.slice(OPTIONAL_MARK.length).trim(), required: false } : { label: line, required: true }));
}
