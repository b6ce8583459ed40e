import { For, Show, type JSX } from 'solid-js';
import { describedBy, FieldFrame } from '../../../components/forms/field-frame.tsx';
import { answerless, kindName } from './field-kinds.ts';
import { ConditionEditor } from './condition-editor.tsx';
import { keyFromLabel, type DraftError, type DraftField, type FieldAt } from './form-draft.ts';
import type { FormDraft } from './form-builder.tsx';

const KEY_HINT = 'Le nom technique de la réponse (aiguillage, conditions, exports). Ne la changez plus une fois des demandes déposées.';

type Props = { draft: FormDraft; at: FieldAt; savedKeys: ReadonlySet<string>; errors: readonly DraftError[] };

/** The settings of the selected field, each with its error in French beside it. */
export function FieldEditor(props: Props) {
  const field = () => props.draft.field(props.at)!;
  const id = (setting: string) => `reglage-${setting.replaceAll('/', '-')}`;
  const errorOf = (setting: string) => props.errors.find((error) => error.setting === setting)?.message;
  const set = (settings: Record<string, unknown>) => props.draft.update(props.at, settings);

  function setLabel(label: string) {
    const current = field();
    // A new field's key follows its label until saved: afterwards requests answer by that key.
    const follows = !props.savedKeys.has(current.key) && (/^champ_\d+$/.test(current.key) || current.key === keyFromLabel(current.label));
    set(follows ? { label, key: uniqueKey(keyFromLabel(label)) } : { label });
  }
  function uniqueKey(wanted: string): string {
    const scope = props.at.length === 1 ? props.draft.fields() : (props.draft.field([props.at[0]!])?.fields ?? []);
    const others = new Set(scope.filter((other) => other !== field()).map((other) => other.key));
    let key = wanted;
    for (let index = 2; others.has(key); index += 1) key = `${wanted}_${index}`;
    return key;
  }

  return (
    <section class="card builder-editor" aria-labelledby="reglages-titre">
      <h2 id="reglages-titre">
        Réglages du champ « {field().label} » <span class="hint">({kindName(field().kind)})</span>
      </h2>
      <Setting id={id('label')} label="Libellé" error={errorOf('label')}>
        <input id={id('label')} type="text" value={field().label} onInput={(event) => setLabel(event.currentTarget.value)} {...described(id('label'), errorOf('label'))} />
      </Setting>
      <Setting id={id('key')} label="Clé" hint={KEY_HINT} error={errorOf('key')}>
        <input id={id('key')} type="text" value={field().key} onInput={(event) => set({ key: event.currentTarget.value })} {...described(id('key'), errorOf('key'), KEY_HINT)} />
      </Setting>
      <Setting id={id('help')} label="Aide (facultatif)" error={errorOf('help')}>
        <textarea id={id('help')} rows={2} value={(field().help as string | undefined) ?? ''} onInput={(event) => set({ help: event.currentTarget.value.trim() ? event.currentTarget.value : undefined })} {...described(id('help'), errorOf('help'))} />
      </Setting>
      <Show when={!answerless(field().kind) || field().kind === 'group'}>
        <Checkbox id={id('required')} label={field().kind === 'group' ? 'Au moins un élément obligatoire' : 'Réponse obligatoire'} checked={field().required === true} onChange={(checked) => set({ required: checked })} />
      </Show>
      {/* Keyed on the field: another field selected is another kind, with other settings. */}
      <Show when={field()} keyed>
        {(current) => <KindSettings field={current} set={set} id={id} errorOf={errorOf} />}
      </Show>
      <ConditionEditor draft={props.draft} at={props.at} error={errorOf('visibleWhen')} />
    </section>
  );
}

type KindProps = { field: DraftField; set: (settings: Record<string, unknown>) => void; id: (setting: string) => string; errorOf: (setting: string) => string | undefined };

/** What only some kinds have: lengths, bounds, options, a statement, a group's occurrences. */
function KindSettings(props: KindProps) {
  const number = (setting: string, label: string) => (
    <Setting id={props.id(setting)} label={label} error={props.errorOf(setting)}>
      <input
        id={props.id(setting)}
        type="number"
        class="input--short"
        value={(props.field[setting] as number | undefined) ?? ''}
        onInput={(event) => props.set({ [setting]: event.currentTarget.value === '' ? undefined : Number(event.currentTarget.value) })}
        {...described(props.id(setting), props.errorOf(setting))}
      />
    </Setting>
  );
  switch (props.field.kind) {
    case 'text':
    case 'textarea':
      return number('maxLength', 'Longueur maximale (caractères)');
    case 'number':
      return (
        <>
          {number('min', 'Minimum')}
          {number('max', 'Maximum')}
          <Checkbox id={props.id('integer')} label="Nombre entier" checked={props.field.integer === true} onChange={(checked) => props.set({ integer: checked })} />
        </>
      );
    case 'choice':
    case 'multichoice':
      return <OptionsEditor {...props} />;
    case 'address':
      return <Checkbox id={props.id('requireCoordinates')} label="Demander un point sur la carte" checked={props.field.requireCoordinates === true} onChange={(checked) => props.set({ requireCoordinates: checked })} />;
    case 'file':
      return number('maxFiles', 'Nombre de fichiers au plus');
    case 'consent':
      return (
        <Setting id={props.id('text')} label="Texte accepté par l’usager" error={props.errorOf('text')}>
          <textarea id={props.id('text')} rows={3} value={(props.field.text as string | undefined) ?? ''} onInput={(event) => props.set({ text: event.currentTarget.value })} {...described(props.id('text'), props.errorOf('text'))} />
        </Setting>
      );
    case 'group':
      return (
        <>
          <Setting id={props.id('itemLabel')} label="Nom d’un élément (« Enfant » donne « Ajouter un enfant »)" error={props.errorOf('itemLabel')}>
            <input id={props.id('itemLabel')} type="text" value={(props.field.itemLabel as string | undefined) ?? ''} onInput={(event) => props.set({ itemLabel: event.currentTarget.value.trim() ? event.currentTarget.value : undefined })} {...described(props.id('itemLabel'), props.errorOf('itemLabel'))} />
          </Setting>
          {number('minItems', 'Éléments au moins')}
          {number('maxItems', 'Éléments au plus')}
        </>
      );
    default:
      return null;
  }
}

/** A choice's options: what the citizen reads, and the value the answer keeps. */
function OptionsEditor(props: KindProps) {
  const options = () => (props.field.options as { value: string; label: string }[] | undefined) ?? [];
  const change = (index: number, part: 'label' | 'value', text: string) =>
    props.set({ options: options().map((option, position) => (position === index ? { ...option, [part]: text } : option)) });
  const add = () => props.set({ options: [...options(), { value: `option_${options().length + 1}`, label: `Option ${options().length + 1}` }] });
  return (
    <fieldset class="builder-options">
      <legend>Options</legend>
      <Show when={props.errorOf('options')}>
        <p class="field-error">{props.errorOf('options')}</p>
      </Show>
      <For each={options()}>
        {(option, index) => (
          <div class="field-row">
            <Setting id={props.id(`options/${index()}/label`)} label={`Option ${index() + 1} : libellé`} error={props.errorOf(`options/${index()}/label`)}>
              <input id={props.id(`options/${index()}/label`)} type="text" value={option.label} onInput={(event) => change(index(), 'label', event.currentTarget.value)} {...described(props.id(`options/${index()}/label`), props.errorOf(`options/${index()}/label`))} />
            </Setting>
            <Setting id={props.id(`options/${index()}/value`)} label={`Option ${index() + 1} : valeur`} error={props.errorOf(`options/${index()}/value`)}>
              <input id={props.id(`options/${index()}/value`)} type="text" value={option.value} onInput={(event) => change(index(), 'value', event.currentTarget.value)} {...described(props.id(`options/${index()}/value`), props.errorOf(`options/${index()}/value`))} />
            </Setting>
            <button type="button" class="button button--small button--secondary" onClick={() => props.set({ options: options().filter((_, position) => position !== index()) })}>
              Retirer<span class="visually-hidden"> l’option {option.label}</span>
            </button>
          </div>
        )}
      </For>
      <button type="button" class="button button--small button--secondary" onClick={add}>
        Ajouter une option
      </button>
    </fieldset>
  );
}

/** A setting with its label, hint and error, the control described by them (see `described`). */
function Setting(props: { id: string; label: string; hint?: string; error: string | undefined; children: JSX.Element }) {
  return (
    <FieldFrame id={props.id} label={props.label} required={false} hint={props.hint} error={props.error}>
      {props.children}
    </FieldFrame>
  );
}

/** What a setting's control says to a screen reader: its hint and error, and whether it is invalid. */
const described = (id: string, error: string | undefined, hint?: string) => ({
  'aria-describedby': describedBy({ id, hint, error }),
  'aria-invalid': error ? ('true' as const) : undefined,
});

function Checkbox(props: { id: string; label: string; checked: boolean; onChange: (checked: boolean) => void }) {
  return (
    <div class="checkbox">
      <input id={props.id} type="checkbox" checked={props.checked} onChange={(event) => props.onChange(event.currentTarget.checked)} />
      <label for={props.id}>{props.label}</label>
    </div>
  );
}
