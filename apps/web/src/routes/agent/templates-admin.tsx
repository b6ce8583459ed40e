import { createResource, createSignal, For, Show } from 'solid-js';
import { api } from '../../api.ts';
import { StaffPage } from '../../components/staff-page.tsx';
import { createForm, FormProblem } from '../citizen/form-fields.tsx';
import { AgentNav } from './agent-nav.tsx';
import { useSignedInAgent } from './signed-in-agent.ts';

type Template = { id: string; title: string; body: string };

/**
 * /agent/administration/modeles: the commune's reply templates, which agents start their messages
 * from on a request's desk ({nom}, {reference} and {echeance} filled in there). Administrators and
 * service managers keep them.
 */
export function TemplatesAdministration() {
  const me = useSignedInAgent();
  const [templates, { refetch }] = createResource(async () => {
    const response = await api.agent['modeles-de-reponse'].$get();
    return response.ok ? (await response.json()).templates : [];
  });
  const [news, setNews] = createSignal('');
  const changed = (announcement: string) => {
    setNews(announcement);
    void refetch();
  };
  return (
    <Show when={me()} fallback={<p class="wrap" role="status">Chargement…</p>}>
      {(agent) => (
        <StaffPage title="Modèles de réponse" tagline="Administration" nav={<AgentNav role={agent().role} />}>
          <p>
            Dans le texte, <code>{'{nom}'}</code>, <code>{'{reference}'}</code> et <code>{'{echeance}'}</code> sont remplacés par le nom de l’usager, la référence de la demande et son échéance.
          </p>
          <p role="status" class={news() ? 'notice notice--success' : 'visually-hidden'}>
            {news()}
          </p>
          <For each={templates()}>{(template) => <TemplateCard template={template} onChanged={changed} />}</For>
          <TemplateCard onChanged={changed} />
        </StaffPage>
      )}
    </Show>
  );
}

/** One template to edit or delete, or (without one) the form of a new one. */
function TemplateCard(props: { template?: Template; onChanged: (news: string) => void }) {
  const form = createForm();
  const id = props.template ? `modele-${props.template.id}` : 'modele-nouveau';
  const [title, setTitle] = createSignal(props.template?.title ?? '');
  const [body, setBody] = createSignal(props.template?.body ?? '');
  const heading = () => props.template?.title ?? 'Nouveau modèle';
  function save(event: SubmitEvent) {
    event.preventDefault();
    const json = { title: title().trim(), body: body().trim() };
    const existing = props.template;
    void form.submit(
      () => (existing ? api.agent['modeles-de-reponse'][':id'].$put({ param: { id: existing.id }, json }) : api.agent['modeles-de-reponse'].$post({ json })),
      () => {
        if (!existing) {
          setTitle('');
          setBody('');
        }
        props.onChanged(existing ? `Modèle « ${json.title} » enregistré.` : `Modèle « ${json.title} » créé.`);
      },
    );
  }
  function remove() {
    const existing = props.template!;
    if (!confirm(`Supprimer le modèle « ${existing.title} » ?`)) return;
    void form.submit(
      () => api.agent['modeles-de-reponse'][':id'].$delete({ param: { id: existing.id } }),
      () => props.onChanged(`Modèle « ${existing.title} » supprimé.`),
    );
  }
  return (
    <section class="card" aria-labelledby={`${id}-titre`}>
      <h2 id={`${id}-titre`}>{heading()}</h2>
      <form class="form" onSubmit={save} novalidate>
        <FormProblem form={form} fields={{ title: `${id}-title`, body: `${id}-body` }} />
        <div class="field">
          <label for={`${id}-title`}>Titre du modèle</label>
          <input id={`${id}-title`} type="text" value={title()} onInput={(event) => setTitle(event.currentTarget.value)} />
        </div>
        <div class="field">
          <label for={`${id}-body`}>Texte</label>
          <textarea id={`${id}-body`} rows={5} value={body()} onInput={(event) => setBody(event.currentTarget.value)} />
        </div>
        <button type="submit" class="button button--secondary" disabled={form.busy()}>
          {props.template ? 'Enregistrer' : 'Créer le modèle'}
          <Show when={props.template}>
            <span class="visually-hidden"> le modèle {props.template!.title}</span>
          </Show>
        </button>{' '}
        <Show when={props.template}>
          <button type="button" class="button button--danger" disabled={form.busy()} onClick={remove}>
            Supprimer<span class="visually-hidden"> le modèle {props.template!.title}</span>
          </button>
        </Show>
      </form>
    </section>
  );
}
