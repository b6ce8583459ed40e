import { For, Show } from 'solid-js';
import { AnswerValueInput, firstValue } from './answer-value-input.tsx';
import { answerless } from './field-kinds.ts';
import type { DraftField, FieldAt } from './form-draft.ts';
import type { FormDraft } from './form-builder.tsx';

type Condition = { field: string; equals?: string | number | boolean; in?: unknown[]; notEmpty?: true };

/**
 * When the selected field is shown: always, or after an earlier answer (the fields before it, and
 * for a field of a group those before the group too), as the server requires.
 */
export function ConditionEditor(props: { draft: FormDraft; at: FieldAt; error: string | undefined }) {
  const condition = () => props.draft.field(props.at)?.visibleWhen as Condition | undefined;
  const earlier = (): DraftField[] => {
    const [index, child] = props.at;
    const before = props.draft.fields().slice(0, index);
    const inGroup = child === undefined ? [] : (props.draft.field([index!])?.fields ?? []).slice(0, child);
    return [...before, ...inGroup].filter((field) => !answerless(field.kind));
  };
  const target = () => earlier().find((field) => field.key === condition()?.field);
  const set = (visibleWhen: Condition | undefined) => props.draft.update(props.at, { visibleWhen });

  function choose(key: string) {
    const field = earlier().find((candidate) => candidate.key === key);
    if (!field) return set(undefined);
    set(testable(field) ? { field: key, equals: firstValue(field) } : { field: key, notEmpty: true });
  }

  return (
    <fieldset class="builder-condition" classList={{ 'field--invalid': Boolean(props.error) }}>
      <legend>Affichage</legend>
      <Show when={props.error}>
        <p class="field-error">{props.error}</p>
      </Show>
      <div class="field">
        <label for="reglage-condition-champ">Afficher ce champ</label>
        <select id="reglage-condition-champ" value={condition()?.field ?? ''} onChange={(event) => choose(event.currentTarget.value)}>
          <option value="">Toujours</option>
          <For each={earlier()}>{(field) => <option value={field.key}>Selon la réponse à « {field.label} »</option>}</For>
        </select>
      </div>
      <Show when={target()}>
        {(field) => (
          <div class="field-row">
            <Show when={testable(field())}>
              <div class="field">
                <label for="reglage-condition-test">Condition</label>
                <select
                  id="reglage-condition-test"
                  value={condition()?.notEmpty ? 'rempli' : 'vaut'}
                  onChange={(event) => set(event.currentTarget.value === 'rempli' ? { field: field().key, notEmpty: true } : { field: field().key, equals: firstValue(field()) })}
                >
                  <option value="vaut">La réponse vaut</option>
                  <option value="rempli">Une réponse est donnée</option>
                </select>
              </div>
            </Show>
            <Show when={condition()?.equals !== undefined}>
              <AnswerValueInput id="reglage-condition-valeur" label="Réponse" field={field()} value={condition()!.equals!} onChange={(equals) => set({ field: field().key, equals })} />
            </Show>
          </div>
        )}
      </Show>
    </fieldset>
  );
}

/** Addresses and files are only ever tested for an answer; the others for a value too. */
const testable = (field: DraftField) => field.kind !== 'address' && field.kind !== 'file';
