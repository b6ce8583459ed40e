import { Show, type JSX } from 'solid-js';

/** Said in words, not only with an asterisk (RGAA 11.10). */
function RequiredMarker(props: { when: boolean }) {
  return (
    <Show when={props.when}>
      <span class="field__required"> (obligatoire)</span>
    </Show>
  );
}

type Described = { id: string; help?: string | undefined; hint?: string | undefined; error?: string | undefined };

/** The ids a control is described by: its help, its expected format, then its error. */
export function describedBy(props: Described): string | undefined {
  const ids = [props.help && `${props.id}-aide`, props.hint && `${props.id}-format`, props.error && `${props.id}-erreur`];
  return ids.filter(Boolean).join(' ') || undefined;
}

function Descriptions(props: Described) {
  return (
    <>
      <Show when={props.help}>
        <p id={`${props.id}-aide`} class="hint">
          {props.help}
        </p>
      </Show>
      <Show when={props.hint}>
        <p id={`${props.id}-format`} class="hint">
          {props.hint}
        </p>
      </Show>
      <Show when={props.error}>
        <p id={`${props.id}-erreur`} class="field-error">
          {props.error}
        </p>
      </Show>
    </>
  );
}

/**
 * One control with its label, help, expected format and error, read together by a screen
 * reader (aria-describedby) and marked invalid when the error shows (aria-invalid).
 */
export function FieldFrame(props: Described & { label: string; required: boolean; children: JSX.Element }) {
  return (
    <div class="field" classList={{ 'field--invalid': Boolean(props.error) }}>
      <label for={props.id}>
        {props.label}
        <RequiredMarker when={props.required} />
      </label>
      <Descriptions id={props.id} help={props.help} hint={props.hint} error={props.error} />
      {props.children}
    </div>
  );
}

/**
 * Several controls answering one question (radios, check boxes, a block): a fieldset whose
 * legend is the question. `id` names the group's help and error; the first control carries its
 * own id so that an error summary's link lands on it.
 */
export function ChoiceFrame(props: Described & { label: string; required: boolean; class?: string; children: JSX.Element }) {
  return (
    <fieldset class={`field ${props.class ?? ''}`} classList={{ 'field--invalid': Boolean(props.error) }} aria-describedby={describedBy(props)}>
      <legend>
        {props.label}
        <RequiredMarker when={props.required} />
      </legend>
      <Descriptions id={props.id} help={props.help} hint={props.hint} error={props.error} />
      {props.children}
    </fieldset>
  );
}
