import { For, Show } from 'solid-js';
import type { FieldDefinition } from '@guichet/forms';
import { ChoiceFrame, describedBy, FieldFrame } from './field-frame.tsx';
import type { FieldPath, FormState } from './form-state.ts';

type Props<Kind extends FieldDefinition['kind']> = { form: FormState; field: Extract<FieldDefinition, { kind: Kind }>; path: FieldPath };

/** Past this many options, radios make a long page on a phone: a list box is shorter. */
const MAX_RADIOS = 7;

/** One option among several: radio buttons, or a list box when the options are many. */
export function ChoiceInput(props: Props<'choice'>) {
  const id = () => props.form.idOf(props.path);
  const error = () => props.form.errorAt(props.path);
  const chosen = () => props.form.answer(props.path) as string | undefined;
  return (
    <Show
      when={props.field.options.length <= MAX_RADIOS}
      fallback={
        <FieldFrame id={id()} label={props.field.label} required={props.field.required} help={props.field.help} error={error()}>
          <select
            id={id()}
            name={id()}
            aria-required={props.field.required ? 'true' : undefined}
            aria-invalid={error() ? 'true' : undefined}
            aria-describedby={describedBy({ id: id(), help: props.field.help, error: error() })}
            onChange={(event) => props.form.setAnswer(props.path, event.currentTarget.value || undefined)}
          >
            <option value="" selected={!chosen()}>
              Choisissez une réponse
            </option>
            <For each={props.field.options}>
              {(option) => (
                <option value={option.value} selected={chosen() === option.value}>
                  {option.label}
                </option>
              )}
            </For>
          </select>
        </FieldFrame>
      }
    >
      <ChoiceFrame id={id()} label={props.field.label} required={props.field.required} help={props.field.help} error={error()}>
        <For each={props.field.options}>
          {(option, index) => (
            <Option
              type="radio"
              id={index() === 0 ? id() : `${id()}-${index() + 1}`}
              name={id()}
              label={option.label}
              checked={chosen() === option.value}
              invalid={Boolean(error())}
              onChange={() => props.form.setAnswer(props.path, option.value)}
            />
          )}
        </For>
      </ChoiceFrame>
    </Show>
  );
}

/** Several options: check boxes, kept in the order of the options. */
export function MultichoiceInput(props: Props<'multichoice'>) {
  const id = () => props.form.idOf(props.path);
  const error = () => props.form.errorAt(props.path);
  const ticked = () => (props.form.answer(props.path) as string[] | undefined) ?? [];
  const hint = () => {
    const { minSelected, maxSelected } = props.field;
    if (minSelected > 1 && maxSelected !== undefined) return `Cochez de ${minSelected} à ${maxSelected} options.`;
    if (minSelected > 1) return `Cochez au moins ${minSelected} options.`;
    if (maxSelected !== undefined) return `Cochez au plus ${maxSelected} ${maxSelected > 1 ? 'options' : 'option'}.`;
    return 'Plusieurs réponses possibles.';
  };
  function toggle(value: string, on: boolean) {
    const next = new Set(ticked());
    if (on) next.add(value);
    else next.delete(value);
    props.form.setAnswer(
      props.path,
      props.field.options.map((option) => option.value).filter((option) => next.has(option)),
    );
  }
  return (
    <ChoiceFrame
      id={id()}
      label={props.field.label}
      required={props.field.required || props.field.minSelected > 0}
      help={props.field.help}
      hint={hint()}
      error={error()}
    >
      <For each={props.field.options}>
        {(option, index) => (
          <Option
            type="checkbox"
            id={index() === 0 ? id() : `${id()}-${index() + 1}`}
            name={id()}
            label={option.label}
            checked={ticked().includes(option.value)}
            invalid={Boolean(error())}
            onChange={(on) => toggle(option.value, on)}
          />
        )}
      </For>
    </ChoiceFrame>
  );
}

/** Oui or non, side by side. */
export function YesNoInput(props: Props<'yesno'>) {
  const id = () => props.form.idOf(props.path);
  const error = () => props.form.errorAt(props.path);
  const answer = () => props.form.answer(props.path) as boolean | undefined;
  return (
    <ChoiceFrame id={id()} class="field--inline" label={props.field.label} required={props.field.required} help={props.field.help} error={error()}>
      <Option type="radio" id={id()} name={id()} label="Oui" checked={answer() === true} invalid={Boolean(error())} onChange={() => props.form.setAnswer(props.path, true)} />
      <Option type="radio" id={`${id()}-non`} name={id()} label="Non" checked={answer() === false} invalid={Boolean(error())} onChange={() => props.form.setAnswer(props.path, false)} />
    </ChoiceFrame>
  );
}

/** A statement the citizen agrees to by ticking a box; the field's label is the question. */
export function ConsentInput(props: Props<'consent'>) {
  const id = () => props.form.idOf(props.path);
  const error = () => props.form.errorAt(props.path);
  return (
    <ChoiceFrame id={id()} label={props.field.label} required={props.field.required} help={props.field.help} error={error()}>
      <Option
        type="checkbox"
        id={id()}
        name={id()}
        label={props.field.text}
        checked={props.form.answer(props.path) === true}
        invalid={Boolean(error())}
        onChange={(on) => props.form.setAnswer(props.path, on)}
      />
    </ChoiceFrame>
  );
}

function Option(props: { type: 'radio' | 'checkbox'; id: string; name: string; label: string; checked: boolean; invalid: boolean; onChange: (on: boolean) => void }) {
  return (
    <div class="choice">
      <input
        type={props.type}
        id={props.id}
        name={props.name}
        checked={props.checked}
        aria-invalid={props.invalid ? 'true' : undefined}
        onChange={(event) => props.onChange(event.currentTarget.checked)}
      />
      <label for={props.id}>{props.label}</label>
    </div>
  );
}
