import type { FieldDefinition } from '@guichet/forms';
import { describedBy, FieldFrame } from './field-frame.tsx';
import type { FieldPath, FormState } from './form-state.ts';

type TextLike = Extract<FieldDefinition, { kind: 'text' | 'email' | 'phone' | 'number' | 'date' }>;
type Props<F> = { form: FormState; field: F; path: FieldPath };

/** Typed answers: text, e-mail, phone, number and date, each with the keyboard and format it needs. */
export function TextInput(props: Props<TextLike>) {
  const id = () => props.form.idOf(props.path);
  const error = () => props.form.errorAt(props.path);
  const hint = () => formatHint(props.field);
  const bounds = () => (props.field.kind === 'date' ? dateBounds(props.field) : {});
  return (
    <FieldFrame id={id()} label={props.field.label} required={props.field.required} help={props.field.help} hint={hint()} error={error()}>
      <input
        id={id()}
        name={id()}
        type={inputType[props.field.kind]}
        inputmode={props.field.kind === 'number' ? (props.field.integer ? 'numeric' : 'decimal') : undefined}
        maxlength={props.field.kind === 'text' ? props.field.maxLength : undefined}
        min={bounds().min}
        max={bounds().max}
        spellcheck={props.field.kind === 'email' ? false : undefined}
        aria-required={props.field.required ? 'true' : undefined}
        aria-invalid={error() ? 'true' : undefined}
        aria-describedby={describedBy({ id: id(), help: props.field.help, hint: hint(), error: error() })}
        value={(props.form.answer(props.path) as string | undefined) ?? ''}
        onInput={(event) => props.form.setAnswer(props.path, event.currentTarget.value)}
      />
    </FieldFrame>
  );
}

// Numbers are typed as text: the server reads "12,5" and "1 500", which a number input refuses.
const inputType = { text: 'text', email: 'email', phone: 'tel', number: 'text', date: 'date' } as const;

/** The expected format, said before the citizen types (RGAA 11.10). */
function formatHint(field: TextLike): string | undefined {
  switch (field.kind) {
    case 'text':
      return field.patternMessage;
    case 'email':
      return 'Format attendu : nom@domaine.fr';
    case 'phone':
      return 'Exemple : 06 12 34 56 78';
    case 'number':
      return numberHint(field);
    case 'date':
      return undefined;
  }
}

function numberHint(field: Extract<TextLike, { kind: 'number' }>): string | undefined {
  const kind = field.integer ? 'Nombre entier' : 'Nombre';
  const number = (value: number) => value.toLocaleString('fr-FR');
  if (field.min !== undefined && field.max !== undefined) return `${kind} de ${number(field.min)} à ${number(field.max)}`;
  if (field.min !== undefined) return `${kind}, ${number(field.min)} au moins`;
  if (field.max !== undefined) return `${kind}, ${number(field.max)} au plus`;
  return field.integer ? kind : undefined;
}

type DateBound = Extract<FieldDefinition, { kind: 'date' }>['min'];

/** The date picker's bounds; the server checks them again on the Paris day of the filing. */
function dateBounds(field: Extract<TextLike, { kind: 'date' }>): { min?: string; max?: string } {
  return { min: resolveBound(field.min), max: resolveBound(field.max) };
}

function resolveBound(bound: DateBound): string | undefined {
  if (bound === undefined) return undefined;
  if (typeof bound === 'string') return bound;
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' }).format(new Date());
  return new Date(Date.parse(`${today}T00:00:00Z`) + bound.daysFromToday * 86_400_000).toISOString().slice(0, 10);
}

/** A long answer, its line breaks kept. */
export function TextareaInput(props: Props<Extract<FieldDefinition, { kind: 'textarea' }>>) {
  const id = () => props.form.idOf(props.path);
  const error = () => props.form.errorAt(props.path);
  const hint = () => (props.field.minLength ? `${props.field.minLength} caractères au moins` : undefined);
  return (
    <FieldFrame id={id()} label={props.field.label} required={props.field.required} help={props.field.help} hint={hint()} error={error()}>
      <textarea
        id={id()}
        name={id()}
        rows={5}
        maxlength={props.field.maxLength}
        aria-required={props.field.required ? 'true' : undefined}
        aria-invalid={error() ? 'true' : undefined}
        aria-describedby={describedBy({ id: id(), help: props.field.help, hint: hint(), error: error() })}
        value={(props.form.answer(props.path) as string | undefined) ?? ''}
        onInput={(event) => props.form.setAnswer(props.path, event.currentTarget.value)}
      />
    </FieldFrame>
  );
}
