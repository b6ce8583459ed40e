import { For, Match, Switch } from 'solid-js';
import type { DraftField } from './form-draft.ts';

type Props = { id: string; label: string; field: DraftField; value: string | number | boolean; onChange: (value: string | number | boolean) => void };

/**
 * An answer of a field, in the field's own terms (one of its options, yes or no, a number, a
 * text): what a condition or a routing rule compares the citizen's answer with.
 */
export function AnswerValueInput(props: Props) {
  const options = () => (props.field.options as { value: string; label: string }[] | undefined) ?? [];
  const kind = () => props.field.kind;
  // Switched on reactively: the field compared with may change under the same input.
  return (
    <div class="field">
      <label for={props.id}>{props.label}</label>
      <Switch
        fallback={
          <input
            id={props.id}
            type={kind() === 'number' ? 'number' : 'text'}
            value={String(props.value)}
            onInput={(event) => props.onChange(kind() === 'number' ? Number(event.currentTarget.value) : event.currentTarget.value)}
          />
        }
      >
        <Match when={kind() === 'choice' || kind() === 'multichoice'}>
          <select id={props.id} onChange={(event) => props.onChange(event.currentTarget.value)}>
            <For each={options()}>
              {(option) => (
                <option value={option.value} selected={option.value === props.value}>
                  {option.label}
                </option>
              )}
            </For>
          </select>
        </Match>
        <Match when={kind() === 'yesno' || kind() === 'consent'}>
          <select id={props.id} onChange={(event) => props.onChange(event.currentTarget.value === 'true')}>
            <option value="true" selected={props.value === true}>
              Oui
            </option>
            <option value="false" selected={props.value === false}>
              Non
            </option>
          </select>
        </Match>
      </Switch>
    </div>
  );
}

/** The first answer a new condition or rule compares with: the first option, yes, zero or nothing. */
export function firstValue(field: DraftField): string | number | boolean {
  if (field.kind === 'choice' || field.kind === 'multichoice') return (field.options as { value: string }[] | undefined)?.[0]?.value ?? '';
  if (field.kind === 'yesno' || field.kind === 'consent') return true;
  return field.kind === 'number' ? 0 : '';
}
