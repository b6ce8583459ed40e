import { createMemo } from 'solid-js';
import { createStore, produce, unwrap } from 'solid-js/store';
import { parseFormDefinition, type FieldKind } from '@guichet/forms';
import { newField } from './field-kinds.ts';

/** A field as the builder edits it: the definition's shape, before defaults and checks. */
export type DraftField = { kind: FieldKind; key: string; label: string; fields?: DraftField[]; [setting: string]: unknown };
/** Where a field is: its index in the form, then its index in its group. */
export type FieldAt = readonly number[];
/** A definition error, told at its field and setting (`label`, `options/0/value`…). */
export type DraftError = { at: FieldAt | null; setting: string; message: string };

/**
 * The form an administrator is building: its fields, the operations of the builder, and the
 * definition's errors, checked in the browser by the same rules as the server's.
 */
export function createFormDraft(initial: readonly DraftField[]) {
  const [draft, setDraft] = createStore<{ fields: DraftField[] }>({ fields: structuredClone(initial) as DraftField[] });
  const edit = (change: (fields: DraftField[]) => void) => setDraft(produce((state) => change(state.fields)));
  const scopeOf = (fields: DraftField[], at: FieldAt): DraftField[] => (at.length === 1 ? fields : (fields[at[0]!]!.fields ??= []));
  const definition = () => ({ fields: unwrap(draft.fields) });
  const checked = createMemo(() => {
    // Read every setting so that the check runs again on any change.
    const current = JSON.parse(JSON.stringify(draft.fields)) as DraftField[];
    return parseFormDefinition({ fields: current });
  });

  function unusedKey(): string {
    const taken = new Set(draft.fields.flatMap((field) => [field.key, ...(field.fields ?? []).map((child) => child.key)]));
    let index = draft.fields.length + 1;
    while (taken.has(`champ_${index}`)) index += 1;
    return `champ_${index}`;
  }

  return {
    fields: () => draft.fields,
    field: (at: FieldAt): DraftField | undefined => (at.length === 1 ? draft.fields[at[0]!] : draft.fields[at[0]!]?.fields?.[at[1]!]),
    /** Adds a field at the end of the form, or of a group; answers where it is. */
    add(kind: FieldKind, group?: number): FieldAt {
      const field = newField(kind, unusedKey());
      let at: FieldAt = [];
      edit((fields) => {
        const scope = group === undefined ? fields : (fields[group]!.fields ??= []);
        scope.push(field);
        at = group === undefined ? [scope.length - 1] : [group, scope.length - 1];
      });
      return at;
    },
    /** Moves a field up (-1) or down (+1) among its siblings; answers where it lands. */
    move(at: FieldAt, delta: -1 | 1): FieldAt {
      const index = at[at.length - 1]! + delta;
      edit((fields) => {
        const scope = scopeOf(fields, at);
        if (index < 0 || index >= scope.length) return;
        const [moved] = scope.splice(at[at.length - 1]!, 1);
        scope.splice(index, 0, moved!);
      });
      const length = at.length === 1 ? draft.fields.length : (draft.fields[at[0]!]?.fields?.length ?? 0);
      return index < 0 || index >= length ? at : [...at.slice(0, -1), index];
    },
    remove(at: FieldAt) {
      edit((fields) => void scopeOf(fields, at).splice(at[at.length - 1]!, 1));
    },
    /** Sets settings of a field; an undefined value removes the setting. A new key is followed by the conditions on it. */
    update(at: FieldAt, settings: Record<string, unknown>) {
      edit((fields) => {
        const field = scopeOf(fields, at)[at[at.length - 1]!];
        if (!field) return;
        const renamed = typeof settings.key === 'string' && settings.key !== field.key ? { from: field.key, to: settings.key } : null;
        for (const [name, value] of Object.entries(settings)) {
          if (value === undefined) delete field[name];
          else field[name] = value;
        }
        if (renamed) followKey(at.length === 1 ? fields : scopeOf(fields, at), renamed);
      });
    },
    /** The parsed form when the definition holds, for the preview and the save. */
    parsed: () => {
      const result = checked();
      return result.ok ? result.form : null;
    },
    errors: (): DraftError[] => {
      const result = checked();
      return result.ok ? [] : result.errors.map((error) => locate(error.path, error.message));
    },
    definition,
  };
}

/**
 * Points the conditions of a scope at a field's new key; for a field of the form, those inside
 * its groups too, unless a group has a field of that key of its own.
 */
function followKey(scope: DraftField[], renamed: { from: string; to: string }) {
  for (const field of scope) {
    const condition = field.visibleWhen as { field: string } | undefined;
    if (condition?.field === renamed.from) field.visibleWhen = { ...condition, field: renamed.to };
    if (field.fields && !field.fields.some((child) => child.key === renamed.from)) followKey(field.fields, renamed);
  }
}

/**
 * Places an error given by its path in the definition (`fields/2/fields/0/label`, or the server's
 * `form/fields/2/label`) at its field and setting.
 */
export function locate(path: string, message: string): DraftError {
  const match = /^(?:form\/)?fields\/(\d+)(?:\/fields\/(\d+))?(?:\/(.*))?$/.exec(path);
  if (!match) return { at: null, setting: path.replace(/^form\/?/, ''), message };
  const [, index, child, setting = ''] = match;
  return { at: child === undefined ? [Number(index)] : [Number(index), Number(child)], setting, message };
}

/** The words of a label, unaccented, lower case, joined by `separator`. */
function wordsOf(label: string, separator: string): string {
  return label
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, separator)
    .replaceAll(new RegExp(`^${separator}+|${separator}+$`, 'g'), '');
}

/** A key for a field from its label: what conditions, routing and exports name it by. */
export function keyFromLabel(label: string): string {
  const words = wordsOf(label, '_');
  const key = /^[a-z]/.test(words) ? words : `champ_${words}`;
  return key.slice(0, 64).replace(/_+$/, '') || 'champ';
}

/** A démarche's or a theme's address from its title: « Prêt de barnums » gives `pret-de-barnums`. */
export const slugFromTitle = (title: string): string => wordsOf(title, '-').slice(0, 80).replace(/-+$/, '');
