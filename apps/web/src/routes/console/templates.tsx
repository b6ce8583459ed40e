import { useParams } from '@solidjs/router';
import { createResource, createSignal, For, Show } from 'solid-js';
import { createStore } from 'solid-js/store';
import { api, type ConsoleTemplate } from '../../api.ts';
import { StaffPage } from '../../components/staff-page.tsx';
import { documentsOf, documentsText, linesOf, OPTIONAL_MARK } from '../agent/catalogue/definition-texts.ts';
import { FormBuilder } from '../agent/catalogue/form-builder.tsx';
import type { DraftField } from '../agent/catalogue/form-draft.ts';
import { createForm, FormProblem, SuccessNotice, TextAreaField, TextField } from '../citizen/form-fields.tsx';
import { ConsoleNav } from './console-nav.tsx';
import { useConsoleStaff } from './console-staff.ts';

const dateFormat = new Intl.DateTimeFormat('fr-FR', { dateStyle: 'long', timeZone: 'Europe/Paris' });

/** « 1 champ », « 3 champs » (French: the singular up to 1). */
const plural = (count: number, word: string) => `${count} ${word}${count > 1 ? 's' : ''}`;

/** A new template's form until its page's builder composes it: one free answer. */
const FIRST_FORM = { fields: [{ kind: 'textarea', key: 'demande', label: 'Votre demande', required: true }] };

/** /console/modeles: the templates the EPCI offers its member communes, and publishing one. */
export function ConsoleTemplates() {
  const me = useConsoleStaff();
  const [templates, { refetch }] = createResource(
    () => me(),
    async () => {
      const response = await api.console.modeles.$get();
      return response.ok ? (await response.json()).templates : [];
    },
  );
  const [published, setPublished] = createSignal<{ slug: string; title: string }>();
  return (
    <Show when={me()} fallback={<p class="wrap" role="status">Chargement…</p>}>
      {(staff) => (
        <StaffPage title="Modèles de démarches" tagline="Console intercommunale" nav={<ConsoleNav name={staff().displayName} />}>
          <p>
            Un modèle est une démarche que chaque commune membre peut adopter et adapter (service, délai, textes) depuis son administration. Une commune ne voit jamais
            sa démarche changer d’office : quand vous modifiez un modèle, elle voit ce qui a changé et choisit de le prendre ou non.
          </p>
          <Show when={published()}>
            {(template) => (
              <SuccessNotice>
                <p>
                  <strong>Le modèle « {template().title} » est publié.</strong> Les communes membres peuvent l’adopter dès maintenant.{' '}
                  <a href={`/console/modeles/${template().slug}/formulaire`}>Composer son formulaire</a>
                </p>
              </SuccessNotice>
            )}
          </Show>
          <section class="card" aria-labelledby="modeles-titre">
            <h2 id="modeles-titre">Modèles publiés</h2>
            <Show when={templates()?.length} fallback={<p>{templates() ? 'Aucun modèle publié.' : 'Chargement des modèles…'}</p>}>
              <div class="table-scroll">
                <table class="table">
                  <caption class="visually-hidden">Les modèles de l’intercommunalité, par thème</caption>
                  <thead>
                    <tr>
                      <th scope="col">Modèle</th>
                      <th scope="col">Thème</th>
                      <th scope="col">Délai annoncé</th>
                      <th scope="col">Version</th>
                      <th scope="col">Publié le</th>
                    </tr>
                  </thead>
                  <tbody>
                    <For each={templates()}>
                      {(template) => (
                        <tr>
                          <th scope="row">
                            <a href={`/console/modeles/${template.slug}`}>{template.title}</a>
                          </th>
                          <td>{template.theme}</td>
                          <td>{plural(template.delayDays, 'jour')} ouvré{template.delayDays > 1 ? 's' : ''}</td>
                          <td>{template.version}</td>
                          <td>{dateFormat.format(new Date(template.publishedAt))}</td>
                        </tr>
                      )}
                    </For>
                  </tbody>
                </table>
              </div>
            </Show>
          </section>
          <TemplateTexts
            onSaved={(template) => {
              setPublished(template);
              void refetch();
            }}
          />
        </StaffPage>
      )}
    </Show>
  );
}

/** /console/modeles/:slug: a template's texts and delays, its form, and the communes that adopted it. */
export function ConsoleTemplatePage() {
  const me = useConsoleStaff();
  const params = useParams<{ slug: string }>();
  const [template, { refetch }] = createResource(
    () => (me() ? params.slug : undefined),
    (slug) => loadTemplate(slug),
  );
  const [saved, setSaved] = createSignal('');
  return (
    <Show when={me()} fallback={<p class="wrap" role="status">Chargement…</p>}>
      {(staff) => (
        <StaffPage title={template()?.title ?? 'Modèle de démarche'} tagline="Console intercommunale" nav={<ConsoleNav name={staff().displayName} />}>
          <p>
            <a href="/console/modeles">Tous les modèles</a>
          </p>
          <Show when={template() !== undefined} fallback={<p role="status">Chargement du modèle…</p>}>
            {/* Keyed: another template (or the one just saved) gets forms of its own values. */}
            <Show when={template()} keyed fallback={<p>Ce modèle n’existe pas dans l’intercommunalité.</p>}>
              {(current) => (
                <>
                  <Show when={saved()}>
                    <SuccessNotice>
                      <p>{saved()}</p>
                    </SuccessNotice>
                  </Show>
                  <Adoptions template={current} />
                  <section class="card" aria-labelledby="formulaire-titre">
                    <h2 id="formulaire-titre">Formulaire</h2>
                    <p>
                      {plural(current.form.fields.length, 'champ')}. <a href={`/console/modeles/${current.slug}/formulaire`}>Modifier le formulaire</a>
                    </p>
                  </section>
                  <TemplateTexts
                    current={current}
                    onSaved={async () => {
                      const version = (await refetch())?.version;
                      setSaved(`Modèle enregistré${version ? ` (version ${version})` : ''}. Les communes qui l’ont adopté voient ce qui a changé et choisissent de le prendre ou non.`);
                    }}
                  />
                </>
              )}
            </Show>
          </Show>
        </StaffPage>
      )}
    </Show>
  );
}

/** /console/modeles/:slug/formulaire: the template's form, in the builder the communes' administrators use. */
export function ConsoleTemplateFormPage() {
  const me = useConsoleStaff();
  const params = useParams<{ slug: string }>();
  const [template] = createResource(
    () => (me() ? params.slug : undefined),
    (slug) => loadTemplate(slug),
  );
  return (
    <Show when={me()} fallback={<p class="wrap" role="status">Chargement…</p>}>
      {(staff) => (
        <StaffPage title={template() ? `Formulaire : ${template()!.title}` : 'Formulaire du modèle'} tagline="Console intercommunale" nav={<ConsoleNav name={staff().displayName} />}>
          <p>
            <a href={`/console/modeles/${params.slug}`}>Retour au modèle</a>
          </p>
          <Show when={template() !== undefined} fallback={<p role="status">Chargement du formulaire…</p>}>
            <Show when={template()} keyed fallback={<p>Ce modèle n’existe pas dans l’intercommunalité.</p>}>
              {(current) => (
                <FormBuilder
                  fields={current.form.fields as DraftField[]}
                  save={(form) => api.console.modeles[':slug'].$put({ param: { slug: current.slug }, json: { form } })}
                  saved={async () => {
                    const version = (await loadTemplate(current.slug))?.version;
                    return `Formulaire du modèle enregistré${version ? ` (version ${version})` : ''}. Les communes qui l’ont adopté choisissent de prendre cette mise à jour ou non.`;
                  }}
                />
              )}
            </Show>
          </Show>
        </StaffPage>
      )}
    </Show>
  );
}

async function loadTemplate(slug: string): Promise<ConsoleTemplate | null> {
  const response = await api.console.modeles[':slug'].$get({ param: { slug } });
  return response.ok ? response.json() : null;
}

function Adoptions(props: { template: ConsoleTemplate }) {
  return (
    <section class="card" aria-labelledby="adoptions-titre">
      <h2 id="adoptions-titre">Communes qui l’ont adopté</h2>
      <p>Version actuelle du modèle : {props.template.version}.</p>
      <Show when={props.template.adoptions.length > 0} fallback={<p>Aucune commune ne l’a encore adopté.</p>}>
        <ul>
          <For each={props.template.adoptions}>
            {(adoption) => (
              <li>
                {adoption.commune} :{' '}
                {adoption.updatePending ? `la version ${adoption.version} est la dernière qu’elle a vue ; une mise à jour l’attend` : 'elle a vu la dernière version (prise ou écartée)'}
              </li>
            )}
          </For>
        </ul>
      </Show>
    </section>
  );
}

const textFields = {
  slug: 'modele-slug',
  theme: 'modele-theme',
  title: 'modele-title',
  summary: 'modele-summary',
  description: 'modele-description',
  steps: 'modele-steps',
  requiredDocuments: 'modele-requiredDocuments',
  delayDays: 'modele-delayDays',
  retentionDays: 'modele-retentionDays',
};

/**
 * A template's texts and delays: a new one's (published with a first form of one free answer),
 * or `current`'s, of which only what changed is sent (each change is a version the communes see).
 */
function TemplateTexts(props: { current?: ConsoleTemplate; onSaved: (template: { slug: string; title: string }) => void | Promise<void> }) {
  const form = createForm();
  const blank = { slug: '', theme: '', title: '', summary: '', description: '', steps: '', requiredDocuments: '', delayDays: 10, retentionDays: 730 };
  const initial = () =>
    props.current
      ? { ...props.current, steps: props.current.steps.join('\n'), requiredDocuments: documentsText(props.current.requiredDocuments) }
      : blank;
  const [state, setState] = createStore({ ...initial() });
  const error = (field: string) => form.fieldError(field);

  function definition() {
    return {
      theme: state.theme,
      title: state.title,
      summary: state.summary,
      description: state.description,
      steps: linesOf(state.steps),
      requiredDocuments: documentsOf(state.requiredDocuments),
      delayDays: state.delayDays,
      retentionDays: state.retentionDays,
    };
  }

  function save(event: SubmitEvent) {
    event.preventDefault();
    const current = props.current;
    const title = state.title;
    if (!current) {
      const json = { slug: state.slug, ...definition(), form: FIRST_FORM };
      void form.submit(
        () => api.console.modeles.$post({ json }),
        async () => {
          await props.onSaved({ slug: json.slug, title });
          setState({ ...blank });
        },
      );
      return;
    }
    const changes = Object.fromEntries(Object.entries(definition()).filter(([key, value]) => JSON.stringify(value) !== JSON.stringify(current[key as keyof ConsoleTemplate])));
    void form.submit(
      () => api.console.modeles[':slug'].$put({ param: { slug: current.slug }, json: changes }),
      () => props.onSaved({ slug: current.slug, title }),
    );
  }

  return (
    <section class="card" aria-labelledby="modele-textes-titre">
      <h2 id="modele-textes-titre">{props.current ? 'Textes et délais' : 'Publier un modèle'}</h2>
      <Show when={!props.current}>
        <p>Le modèle est publié avec un formulaire d’une seule question, « Votre demande » : composez ensuite le sien depuis sa page.</p>
      </Show>
      <form class="form" onSubmit={save} novalidate>
        <FormProblem form={form} fields={textFields} />
        <Show when={!props.current}>
          <TextField
            id="modele-slug"
            label="Identifiant"
            hint="Minuscules, chiffres et tirets : l’adresse de la démarche dans chaque commune qui l’adopte."
            value={state.slug}
            onInput={(event) => setState('slug', event.currentTarget.value)}
            error={error('slug')}
          />
        </Show>
        <TextField id="modele-theme" label="Thème" hint="Le titre du thème sous lequel les communes le trouvent, par exemple « Éducation et jeunesse »." value={state.theme} onInput={(event) => setState('theme', event.currentTarget.value)} error={error('theme')} />
        <TextField id="modele-title" label="Titre" value={state.title} onInput={(event) => setState('title', event.currentTarget.value)} error={error('title')} />
        <TextField id="modele-summary" label="Résumé (une phrase)" value={state.summary} onInput={(event) => setState('summary', event.currentTarget.value)} error={error('summary')} />
        <TextAreaField id="modele-description" label="Description" rows={4} value={state.description} onInput={(event) => setState('description', event.currentTarget.value)} error={error('description')} />
        <TextAreaField id="modele-steps" label="Étapes (une par ligne)" rows={3} value={state.steps} onInput={(event) => setState('steps', event.currentTarget.value)} error={error('steps')} />
        <TextAreaField
          id="modele-requiredDocuments"
          label="Pièces à fournir (une par ligne)"
          hint={`« ${OPTIONAL_MARK} » devant une pièce qui ne l’est pas toujours.`}
          rows={3}
          value={state.requiredDocuments}
          onInput={(event) => setState('requiredDocuments', event.currentTarget.value)}
          error={error('requiredDocuments')}
        />
        <TextField id="modele-delayDays" label="Délai de réponse annoncé (jours ouvrés)" type="number" class="input--short" min="0" value={state.delayDays} onInput={(event) => setState('delayDays', Number(event.currentTarget.value))} error={error('delayDays')} />
        <TextField
          id="modele-retentionDays"
          label="Conservation des données après la clôture (jours)"
          type="number"
          class="input--short"
          min="30"
          value={state.retentionDays}
          onInput={(event) => setState('retentionDays', Number(event.currentTarget.value))}
          error={error('retentionDays')}
        />
        <button type="submit" class="button" disabled={form.busy()}>
          {props.current ? 'Enregistrer le modèle' : 'Publier le modèle'}
        </button>
      </form>
    </section>
  );
}
