import { createSignal, For, Show } from 'solid-js';
import type { GroupFieldDefinition } from '@guichet/forms';
import { canAddOccurrence, canRemoveOccurrence, minOccurrences } from '@guichet/forms/rendering';
import { ChoiceFrame } from './field-frame.tsx';
import { FormFields } from './form-fields.tsx';
import { occurrenceName, type Answers, type FieldPath, type FormState } from './form-state.ts';

type Props = { form: FormState; field: GroupFieldDefinition; path: FieldPath; outer: Answers };

/**
 * A block the citizen repeats (one per child, per vehicle…), each block a fieldset named by its
 * number. Adding moves the focus into the new block; removing announces it and moves the focus
 * to "add", so a keyboard or screen-reader user never loses their place.
 */
export function RepeatableGroup(props: Props) {
  const id = () => props.form.idOf(props.path);
  const error = () => props.form.errorAt(props.path);
  const blocks = () => (props.form.answer(props.path) as Answers[] | undefined) ?? [];
  const item = () => (props.field.itemLabel ?? 'élément').toLocaleLowerCase('fr');
  const [announcement, setAnnouncement] = createSignal('');
  let container: HTMLDivElement | undefined;
  let addButton: HTMLButtonElement | undefined;

  // A group that needs blocks starts with them, ready to be filled in.
  for (let count = blocks().length; count < minOccurrences(props.field); count++) props.form.addOccurrence(props.path);

  function add() {
    props.form.addOccurrence(props.path);
    setAnnouncement(`${occurrenceName(props.field, blocks().length - 1)} ajouté.`);
    queueMicrotask(() => {
      const last = container?.querySelector(':scope > fieldset:last-of-type');
      last?.querySelector<HTMLElement>('input, select, textarea, button')?.focus();
    });
  }

  function remove(index: number) {
    const name = occurrenceName(props.field, index);
    props.form.removeOccurrence(props.path, index);
    setAnnouncement(blocks().length > index ? `${name} retiré ; les suivants sont renumérotés.` : `${name} retiré.`);
    queueMicrotask(() => addButton?.focus());
  }

  return (
    <ChoiceFrame
      id={id()}
      class="repeatable"
      label={props.field.label}
      required={minOccurrences(props.field) > 0}
      help={props.field.help}
      error={error()}
    >
      {/* The target of an error summary's link to the group itself (too few blocks). */}
      <span id={id()} tabindex="-1" />
      <div ref={container}>
        <For each={blocks()}>
          {(_, index) => (
            <fieldset class="repeatable__item">
              <legend>{occurrenceName(props.field, index())}</legend>
              <FormFields form={props.form} fields={props.field.fields} path={[...props.path, index()]} outer={props.outer} headingLevel={4} />
              <Show when={canRemoveOccurrence(props.field, blocks().length)}>
                <button type="button" class="button button--danger button--small" onClick={() => remove(index())}>
                  Retirer {item()} {index() + 1}
                </button>
              </Show>
            </fieldset>
          )}
        </For>
      </div>
      <Show
        when={canAddOccurrence(props.field, blocks().length)}
        fallback={<p class="hint">Le nombre maximal ({props.field.maxItems}) est atteint.</p>}
      >
        <button type="button" class="button button--secondary button--small" ref={addButton} onClick={add}>
          Ajouter {item()}
        </button>
      </Show>
      <p class="visually-hidden" role="status">
        {announcement()}
      </p>
    </ChoiceFrame>
  );
}
