import { createMemo, For, Show, type JSX } from 'solid-js';
import { Dynamic } from 'solid-js/web';
import { AddressInput } from './address-input.tsx';
import { ChoiceInput, ConsentInput, MultichoiceInput, YesNoInput } from './choice-inputs.tsx';
import { FileInput } from './file-input.tsx';
import { shownFields, type Answers, type Field, type FieldPath, type FormState } from './form-state.ts';
import { RepeatableGroup } from './repeatable-group.tsx';
import { TextareaInput, TextInput } from './text-inputs.tsx';

type Props = {
  form: FormState;
  fields: readonly Field[];
  /** The scope's path: `[]` for the form, `['enfants', 1]` for a block of a group. */
  path?: FieldPath;
  /** The answers a block's conditions see around it. */
  outer?: Answers;
  /** The level of section headings among these fields (a page's steps show their own). */
  headingLevel?: 2 | 3 | 4;
};

/**
 * Renders fields of a procedure's form from its definition, showing and hiding them as the
 * answers change, by the same rule as the server. The one renderer of forms: the citizen's
 * filing page and the agent's intake screen both use it.
 */
export function FormFields(props: Props) {
  const path = () => props.path ?? [];
  const scope = createMemo(() => shownFields(props.fields, props.form.answer(path()) as Answers | undefined, props.outer));
  return (
    <For each={props.fields}>
      {(field) => (
        <Show when={scope().shown.has(field.key)}>
          <FormField form={props.form} field={field} path={[...path(), field.key]} outer={scope().kept} headingLevel={props.headingLevel ?? 2} />
        </Show>
      )}
    </For>
  );
}

function FormField(props: { form: FormState; field: Field; path: FieldPath; outer: Answers; headingLevel: 2 | 3 | 4 }): JSX.Element {
  const field = props.field;
  switch (field.kind) {
    case 'heading':
      return (
        <>
          <Dynamic component={`h${props.headingLevel}`} class="form-heading">
            {field.label}
          </Dynamic>
          <Show when={field.help}>
            <p class="hint">{field.help}</p>
          </Show>
        </>
      );
    case 'text':
    case 'email':
    case 'phone':
    case 'number':
    case 'date':
      return <TextInput form={props.form} field={field} path={props.path} />;
    case 'textarea':
      return <TextareaInput form={props.form} field={field} path={props.path} />;
    case 'choice':
      return <ChoiceInput form={props.form} field={field} path={props.path} />;
    case 'multichoice':
      return <MultichoiceInput form={props.form} field={field} path={props.path} />;
    case 'yesno':
      return <YesNoInput form={props.form} field={field} path={props.path} />;
    case 'consent':
      return <ConsentInput form={props.form} field={field} path={props.path} />;
    case 'address':
      return <AddressInput form={props.form} field={field} path={props.path} />;
    case 'file':
      return <FileInput form={props.form} field={field} path={props.path} />;
    case 'group':
      return <RepeatableGroup form={props.form} field={field} path={props.path} outer={props.outer} />;
  }
}
