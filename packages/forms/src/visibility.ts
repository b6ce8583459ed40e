import type { Condition } from './condition-schema.ts';

// No zod here: the portal's form renderer imports this file (`@guichet/forms/rendering`), so
// the browser shows and hides fields by the very rules the server validates with.

/**
 * Whether a field is shown, given the answers in its scope (for a field inside a group, the
 * answers of its occurrence over those of the form). Hidden fields are neither required nor kept,
 * and a field that depends on a hidden one is hidden too, as its answer is dropped first.
 */
export function isVisible(field: { visibleWhen?: Condition | undefined }, values: Readonly<Record<string, unknown>>): boolean {
  const condition = field.visibleWhen;
  if (!condition) return true;
  const value = Object.hasOwn(values, condition.field) ? values[condition.field] : undefined;
  if ('notEmpty' in condition) return !isEmptyAnswer(value);
  const accepted: readonly unknown[] = 'in' in condition ? condition.in : [condition.equals];
  return Array.isArray(value) ? value.some((item) => accepted.includes(item)) : accepted.includes(value);
}

/** Nothing typed, ticked or attached: blank text counts as no answer. */
export function isEmptyAnswer(value: unknown): boolean {
  if (value === undefined || value === null) return true;
  if (typeof value === 'string') return value.trim() === '';
  return Array.isArray(value) && value.length === 0;
}
