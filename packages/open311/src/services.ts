import type { FormDefinition } from '@guichet/forms';
import type { Service, ServiceDefinition } from './documents.ts';
import { open311Form, toAttribute } from './form-mapping.ts';

/** What the catalogue says about one procedure offered as an Open311 service. */
export type OfferedProcedure = {
  slug: string;
  title: string;
  summary: string;
  themeTitle: string;
  form: FormDefinition;
};

export function toService(procedure: OfferedProcedure): Service {
  return {
    service_code: procedure.slug,
    service_name: procedure.title,
    description: procedure.summary,
    metadata: open311Form(procedure.form).attributes.length > 0,
    type: 'realtime',
    keywords: keywordsOf(procedure.form),
    group: procedure.themeTitle,
  };
}

export function toServiceDefinition(procedure: Pick<OfferedProcedure, 'slug' | 'form'>): ServiceDefinition {
  return {
    service_code: procedure.slug,
    attributes: open311Form(procedure.form).attributes.map((field, index) => toAttribute(field, index + 1)),
  };
}

/**
 * The options of the procedure's choices ("Nid-de-poule, Lampadaire éteint…") are the words a
 * resident would search for, which is what the specification's keywords are for.
 */
function keywordsOf(form: FormDefinition): string | null {
  const labels = form.fields.flatMap((field) =>
    field.kind === 'choice' || field.kind === 'multichoice' ? field.options.map((option) => option.label) : [],
  );
  return labels.length > 0 ? [...new Set(labels)].join(', ') : null;
}
