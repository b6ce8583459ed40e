import { useParams } from '@solidjs/router';
import { createMemo, createResource, createSignal, For, Show } from 'solid-js';
import type { FieldKind } from '@guichet/forms';
import { api, type CommuneProfile, type Procedure } from '../../../api.ts';
import { FormFields } from '../../../components/forms/form-fields.tsx';
import { createFormState } from '../../../components/forms/form-state.ts';
import { StaffPage } from '../../../components/staff-page.tsx';
import { useCommune } from '../../../site-context.tsx';
import { readProblem } from '../../citizen/form-fields.tsx';
import { AgentNav } from '../agent-nav.tsx';
import { loadProcedure } from '../../catalogue/load-procedure.ts';
import { useSignedInAgent } from '../signed-in-agent.ts';
import { FieldEditor } from './field-editor.tsx';
import { answerless, fieldKinds, kindName } from './field-kinds.ts';
import { createFormDraft, locate, type DraftError, type DraftField, type FieldAt } from './form-draft.ts';

export type FormDraft = ReturnType<typeof createFormDraft>;

/**
 * /agent/administration/demarches/:slug/formulaire: the form builder. The administrator adds,
 * orders, sets and removes fields (with conditions and repeatable groups), sees the form as the
 * citizen will, and reads what is wrong in French before saving a new version of the form.
 */
export function FormBuilderPage() {
  const me = useSignedInAgent();
  const params = useParams<{ slug: string }>();
  const [procedure] = createResource(() => params.slug, (slug) => loadProcedure(slug).catch(() => null));
  return (
    <Show when={me()} fallback={<p class="wrap" role="status">Chargement…</p>}>
      {(agent) => (
        <StaffPage title={procedure() ? `Formulaire : ${procedure()!.title}` : 'Formulaire de la démarche'} tagline="Administration" nav={<AgentNav role={agent().role} />}>
          <p>
            <a href={`/agent/administration/demarches/${params.slug}`}>Retour à la démarche</a>
          </p>
          <Show when={procedure() !== undefined} fallback={<p role="status">Chargement du formulaire…</p>}>
            <Show when={procedure()} fallback={<p>Cette démarche n’existe pas dans la commune.</p>}>
              {(current) => <ProcedureFormBuilder procedure={current()} />}
            </Show>
          </Show>
        </StaffPage>
      )}
    </Show>
  );
}

function ProcedureFormBuilder(props: { procedure: Procedure }) {
  const commune = useCommune();
  const slug = props.procedure.slug;
  return (
    <FormBuilder
      fields={props.procedure.form.fields as DraftField[]}
      addressSearch={commune().addressSearch}
      save={(form) => api.catalogue[':slug'].$put({ param: { slug }, json: { form } })}
      saved={async () => {
        const saved = await api.catalogue[':slug'].$get({ param: { slug } });
        const version = saved.ok ? (await saved.json()).administration?.formVersion : undefined;
        return `Formulaire enregistré${version ? ` (version ${version})` : ''}. Les demandes déjà déposées gardent le formulaire de leur dépôt.`;
      }}
    />
  );
}

/**
 * The builder of a form: a procedure's, or an EPCI template's. `save` sends the form; once it
 * held, `saved` says so.
 */
export function FormBuilder(props: {
  fields: readonly DraftField[];
  addressSearch?: CommuneProfile['addressSearch'];
  save: (form: ReturnType<FormDraft['definition']>) => Promise<Response>;
  saved: () => Promise<string>;
}) {
  const draft = createFormDraft(props.fields as DraftField[]);
  const keysOf = (fields: readonly { key: string; fields?: readonly { key: string }[] }[]) => new Set(fields.flatMap((field) => [field.key, ...(field.fields ?? []).map((child) => child.key)]));
  // Saved keys name answers of requests from then on: they no longer follow their label.
  const [savedKeys, setSavedKeys] = createSignal(keysOf(props.fields));
  const [selected, setSelected] = createSignal<FieldAt>([0]);
  const [serverErrors, setServerErrors] = createSignal<DraftError[]>([]);
  const [news, setNews] = createSignal('');
  const [busy, setBusy] = createSignal(false);
  const errors = () => (draft.errors().length > 0 ? draft.errors() : serverErrors());
  const selectedErrors = () => errors().filter((error) => sameField(error.at, selected()));
  const preview = createFormState({ idPrefix: 'apercu', uploadUrl: () => '/api/pieces-jointes', addressSearch: props.addressSearch, map: null });
  // The preview keeps the last form that held, so that a setting half typed does not blank it.
  let lastGood = draft.parsed();
  const previewFields = createMemo(() => (lastGood = draft.parsed() ?? lastGood)?.fields ?? []);

  /** Opens a field's settings, the focus on `setting` (its label unless an error names another). */
  const select = (at: FieldAt, setting = 'label') => {
    setSelected(at);
    queueMicrotask(() => (document.getElementById(`reglage-${setting.replaceAll('/', '-')}`) ?? document.getElementById('reglage-label'))?.focus());
  };

  async function save() {
    setNews('');
    if (draft.errors().length > 0) return setNews('Le formulaire n’est pas enregistré : corrigez d’abord les erreurs listées.');
    setBusy(true);
    try {
      const response = await props.save(draft.definition());
      if (!response.ok) {
        const problem = await readProblem(response);
        setServerErrors((problem.errors ?? []).map((error) => locate(error.field, error.message)));
        return setNews(`Le formulaire n’est pas enregistré : ${problem.title}`);
      }
      setServerErrors([]);
      setSavedKeys(keysOf(draft.fields()));
      setNews(await props.saved());
    } catch {
      setNews('Le portail ne répond pas : le formulaire n’est pas enregistré. Réessayez.');
    } finally {
      setBusy(false);
    }
  }

  return (
    <div class="form-builder">
      <div class="form-builder__build">
        <p role="status" class={news() ? 'notice notice--info' : 'visually-hidden'}>
          {news()}
        </p>
        <Show when={errors().length > 0}>
          <section class="notice notice--error" aria-labelledby="erreurs-formulaire-titre">
            <h2 id="erreurs-formulaire-titre">À corriger avant d’enregistrer</h2>
            <ul>
              <For each={errors()}>
                {(error) => (
                  <li>
                    <Show when={error.at} fallback={error.message}>
                      {(at) => (
                        <button type="button" class="link-button" onClick={() => select(at(), error.setting)}>
                          {describe(draft, at())} : {error.message}
                        </button>
                      )}
                    </Show>
                  </li>
                )}
              </For>
            </ul>
          </section>
        </Show>
        <section class="card" aria-labelledby="champs-titre">
          <h2 id="champs-titre" tabindex="-1">
            Champs du formulaire
          </h2>
          <FieldList draft={draft} fields={draft.fields()} selected={selected()} onSelect={select} onMoved={setSelected} />
          <AddField id="nouveau-champ" label="Type du nouveau champ" onAdd={(kind) => select(draft.add(kind))} />
        </section>
        <Show when={draft.field(selected())}>
          <FieldEditor draft={draft} at={selected()} savedKeys={savedKeys()} errors={selectedErrors()} />
        </Show>
        <p class="actions">
          <button type="button" class="button" disabled={busy()} onClick={() => void save()}>
            Enregistrer le formulaire
          </button>
        </p>
      </div>
      <section class="card form-builder__preview" aria-labelledby="constructeur-apercu-titre">
        <h2 id="constructeur-apercu-titre">Aperçu</h2>
        <p class="hint">Le formulaire tel que l’usager le verra ; répondez pour voir les champs conditionnels apparaître.</p>
        <div class="filing-form">
          <FormFields form={preview} fields={previewFields()} headingLevel={3} />
        </div>
      </section>
    </div>
  );
}

/** The fields of the form, or of a group, in order, each with its moves. */
type ListProps = {
  draft: FormDraft;
  fields: readonly DraftField[];
  selected: FieldAt;
  onSelect: (at: FieldAt) => void;
  /** After a move the focus stays on the moved field's button, which moves with it. */
  onMoved: (at: FieldAt) => void;
  group?: number;
};

function FieldList(props: ListProps) {
  const at = (index: number): FieldAt => (props.group === undefined ? [index] : [props.group, index]);
  return (
    <ol class="builder-fields">
      <For each={props.fields}>
        {(field, index) => (
          <li classList={{ 'builder-fields__item--selected': sameField(at(index()), props.selected) }}>
            <button type="button" class="link-button" aria-current={sameField(at(index()), props.selected) ? 'true' : undefined} onClick={() => props.onSelect(at(index()))}>
              {field.label || '(sans libellé)'}
            </button>{' '}
            <span class="hint">
              {kindName(field.kind)}
              {!answerless(field.kind) && field.required === true ? ', obligatoire' : ''}
              {field.visibleWhen ? ', conditionnel' : ''}
            </span>
            <span class="builder-fields__moves">
              <button type="button" class="button button--small button--secondary" disabled={index() === 0} onClick={() => props.onMoved(props.draft.move(at(index()), -1))}>
                Monter<span class="visually-hidden"> « {field.label} »</span>
              </button>
              <button type="button" class="button button--small button--secondary" disabled={index() === props.fields.length - 1} onClick={() => props.onMoved(props.draft.move(at(index()), 1))}>
                Descendre<span class="visually-hidden"> « {field.label} »</span>
              </button>
              <button
                type="button"
                class="button button--small button--danger"
                onClick={() => {
                  if (!confirm(`Retirer le champ « ${field.label} » du formulaire ? Les demandes déjà déposées gardent leurs réponses.`)) return;
                  props.draft.remove(at(index()));
                  props.onMoved(props.group === undefined ? [Math.max(0, index() - 1)] : [props.group]);
                  // Its buttons are gone with it: the focus goes back to the list.
                  document.getElementById('champs-titre')?.focus();
                }}
              >
                Retirer<span class="visually-hidden"> « {field.label} »</span>
              </button>
            </span>
            <Show when={field.kind === 'group'}>
              <div class="builder-group">
                <FieldList draft={props.draft} fields={field.fields ?? []} selected={props.selected} onSelect={props.onSelect} onMoved={props.onMoved} group={index()} />
                <AddField id={`nouveau-champ-groupe-${index()}`} label={`Type du champ à ajouter au groupe « ${field.label} »`} group onAdd={(kind) => props.onSelect(props.draft.add(kind, index()))} />
              </div>
            </Show>
          </li>
        )}
      </For>
    </ol>
  );
}

function AddField(props: { id: string; label: string; group?: boolean; onAdd: (kind: FieldKind) => void }) {
  const kinds = props.group ? fieldKinds.filter((entry) => entry.kind !== 'group') : fieldKinds;
  const [kind, setKind] = createSignal<FieldKind>('text');
  return (
    <div class="field field--inline">
      <label for={props.id}>{props.label}</label>
      <select id={props.id} value={kind()} onChange={(event) => setKind(event.currentTarget.value as FieldKind)}>
        <For each={kinds}>{(entry) => <option value={entry.kind}>{entry.name}</option>}</For>
      </select>{' '}
      <button type="button" class="button button--small button--secondary" onClick={() => props.onAdd(kind())}>
        {props.group ? 'Ajouter au groupe' : 'Ajouter le champ'}
      </button>
    </div>
  );
}

const sameField = (left: FieldAt | null, right: FieldAt) => left !== null && left.length === right.length && left.every((index, position) => index === right[position]);

function describe(draft: FormDraft, at: FieldAt): string {
  const field = draft.field(at);
  return field ? `« ${field.label || field.key} »` : `Champ ${at.map((index) => index + 1).join('.')}`;
}
