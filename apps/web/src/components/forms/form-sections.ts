import type { Field } from './form-state.ts';

type Heading = Extract<Field, { kind: 'heading' }>;

/** A part of a form: a heading and the fields up to the next one. */
export type FormSection = { key: string; heading: Heading | undefined; fields: readonly Field[] };

/**
 * Cuts a form at its headings: each heading opens a section (a step of a long form), and the
 * fields before the first heading make an untitled one. Rendered alone, a section's fields see
 * the rest of the form's answers through `FormFields`'s `outer`.
 */
export function formSections(fields: readonly Field[]): FormSection[] {
  const sections: { key: string; heading: Heading | undefined; fields: Field[] }[] = [];
  for (const field of fields) {
    if (field.kind === 'heading') sections.push({ key: field.key, heading: field, fields: [] });
    else if (sections.length === 0) sections.push({ key: '', heading: undefined, fields: [field] });
    else sections[sections.length - 1]!.fields.push(field);
  }
  return sections;
}
