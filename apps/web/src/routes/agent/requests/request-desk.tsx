import { useParams } from '@solidjs/router';
import { createResource, createSignal, For, onCleanup, onMount, Show } from 'solid-js';
import { statuses, type StatusKey } from '@guichet/workflow/statuses';
import { api, type AgentMe, type AgentRequestDetail } from '../../../api.ts';
import { AnswersReview } from '../../../components/forms/answers-review.tsx';
import { dayInWords } from '../../../components/forms/french-dates.ts';
import { uploadFile } from '../../../components/forms/upload-file.ts';
import { StaffPage } from '../../../components/staff-page.tsx';
import { loadProcedure } from '../../catalogue/load-procedure.ts';
import { createForm, FormProblem } from '../../citizen/form-fields.tsx';
import { eventInWords, momentInWords } from '../../requests/request-format.ts';
import { storedAnswers } from '../../requests/stored-answers.ts';
import { AgentNav } from '../agent-nav.tsx';
import { useSignedInAgent } from '../signed-in-agent.ts';
import { channelLabels, dueInWords, priorityLabels } from './request-labels.ts';

type HistoryEvent = AgentRequestDetail['history'][number];

/**
 * /agent/demandes/:id: a request's desk: where it stands and by when, who asked and how to reach
 * them, what they filed, its whole history (internal events told apart), and the acts the
 * workflow allows this agent now.
 */
export function RequestDesk() {
  const params = useParams<{ id: string }>();
  const me = useSignedInAgent();
  const [request, { refetch }] = createResource(
    () => (me() ? params.id : undefined),
    async (id): Promise<AgentRequestDetail | null> => {
      const response = await api.agent.demandes[':id'].$get({ param: { id } });
      return response.ok ? response.json() : null;
    },
  );
  const title = () => (request() ? `${request()!.reference} – ${request()!.summary}` : request() === null ? 'Demande introuvable' : 'Demande');
  const [others, setOthers] = createSignal<{ id: string; name: string }[]>([]);
  // Who else has this desk open, and any change made elsewhere, live (the desk's presence goes with the page).
  onMount(() => {
    const stream = new EventSource(`/api/agent/demandes/${params.id}/flux`);
    stream.addEventListener('presence', (event) => setOthers((JSON.parse((event as MessageEvent<string>).data) as { agents: { id: string; name: string }[] }).agents));
    // A change made elsewhere (a colleague, the citizen) shows at once.
    stream.addEventListener('demande', () => void refetch());
    onCleanup(() => stream.close());
  });
  return (
    <Show when={me()} fallback={<p class="wrap" role="status">Chargement…</p>}>
      {(agent) => (
        <StaffPage title={title()} tagline="Espace agents" nav={<AgentNav admin={agent().role === 'commune_admin'} />}>
          <p>
            <a href="/agent/demandes">← Retour aux demandes</a>
          </p>
          <Show when={request() !== undefined} fallback={<p role="status">Chargement de la demande…</p>}>
            <Show when={request()} fallback={<p>Cette demande n’existe pas, ou elle n’est pas traitée par vos services.</p>}>
              {(current) => (
                <>
                  <p role="status" class={others().length > 0 ? 'notice notice--warning' : 'visually-hidden'}>
                    {others().length > 0 ? `Aussi sur cette demande en ce moment : ${others().map((other) => other.name).join(', ')}.` : ''}
                  </p>
                  <Desk request={current()} agent={agent()} onChanged={() => void refetch()} />
                </>
              )}
            </Show>
          </Show>
        </StaffPage>
      )}
    </Show>
  );
}

function Desk(props: { request: AgentRequestDetail; agent: AgentMe; onChanged: () => void }) {
  const due = () => dueInWords({ dueAt: props.request.dueAt, overdue: props.request.overdue ?? false, dueSoon: false, clockPaused: props.request.clockPaused });
  const [procedure] = createResource(() => props.request.procedure.slug, (slug) => loadProcedure(slug).catch(() => null));
  const mine = () => props.request.assigneeId === props.agent.id;
  return (
    <div class="desk">
      <section class="card" aria-labelledby="situation-titre">
        <h2 id="situation-titre">Situation</h2>
        <dl class="facts">
          <dt>Statut</dt>
          <dd>{statuses[props.request.status as StatusKey].label}</dd>
          <dt>Démarche</dt>
          <dd>{props.request.procedure.title}</dd>
          <dt>Service</dt>
          <dd>{props.request.service}</dd>
          <dt>Priorité</dt>
          <dd>{priorityLabels[props.request.priority ?? 'normal']}</dd>
          <dt>Échéance</dt>
          <dd>
            <Show when={!props.request.closedAt} fallback={`Close le ${momentInWords(props.request.closedAt!)}`}>
              {due().date}
              <Show when={due().flag}>{(flag) => <span class={`due-flag due-flag--${flag().tone}`}>{flag().text}</span>}</Show>
            </Show>
          </dd>
          <dt>Reçue</dt>
          <dd>
            {momentInWords(props.request.filedAt)} ({channelLabels[props.request.channel]})
          </dd>
          <dt>Prise en charge</dt>
          <dd>{props.request.assigneeId ? (mine() ? 'Par vous' : 'Par un collègue') : 'Personne'}</dd>
        </dl>
      </section>

      <Actions request={props.request} agent={props.agent} onChanged={props.onChanged} />

      <section class="card" aria-labelledby="contact-titre">
        <h2 id="contact-titre">Contact</h2>
        <Show when={props.request.contact} fallback={<p>Aucun contact connu.</p>}>
          {(contact) => (
            <dl class="facts">
              <dt>Nom</dt>
              <dd>
                {contact().name ?? '—'}
                <Show when={contact().identityVerified}>
                  <span class="status-badge status-badge--closed">Identité vérifiée (FranceConnect)</span>
                </Show>
                <Show when={contact().citizenAccount}>
                  <span class="hint"> · compte citoyen : vos messages lui parviennent aussi dans son espace</span>
                </Show>
              </dd>
              <Show when={contact().email}>
                <dt>E-mail</dt>
                <dd>
                  <a href={`mailto:${contact().email}`}>{contact().email}</a>
                </dd>
              </Show>
              <Show when={contact().phone}>
                <dt>Téléphone</dt>
                <dd>
                  <a href={`tel:${contact().phone!.replace(/\s/g, '')}`}>{contact().phone}</a>
                </dd>
              </Show>
              <Show when={contact().address}>
                <dt>Adresse</dt>
                <dd>{contact().address}</dd>
              </Show>
            </dl>
          )}
        </Show>
      </section>

      <section class="card" aria-labelledby="reponses-titre">
        <h2 id="reponses-titre">Demande</h2>
        <Show when={procedure()} fallback={<p>{props.request.summary}</p>}>
          {(current) => <AnswersReview fields={current().form.fields} answers={storedAnswers(current().form.fields, props.request.data, [])} />}
        </Show>
      </section>

      <section class="card" aria-labelledby="historique-titre">
        <h2 id="historique-titre">Historique</h2>
        <ol class="timeline">
          <For each={props.request.history}>
            {(event) => (
              <li class={event.public ? 'timeline__entry' : 'timeline__entry timeline__entry--internal'}>
                <p class="timeline__meta">
                  {momentInWords(event.at)} · {event.public ? 'visible par l’usager' : 'interne'}
                </p>
                <p class="timeline__title">{agentEventInWords(event).title}</p>
                <Show when={agentEventInWords(event).text}>{(text) => <p class="timeline__text">{text()}</p>}</Show>
              </li>
            )}
          </For>
        </ol>
      </section>
    </div>
  );
}

/** The history as agents read it: the citizen's words where they exist, the internal events besides. */
function agentEventInWords(event: HistoryEvent): { title: string; text?: string | undefined } {
  const payload = event.payload as Record<string, unknown>;
  switch (event.kind) {
    case 'note':
      return { title: 'Note interne', text: String(payload.body ?? '') };
    case 'assigned':
      return { title: payload.to ? 'Demande prise en charge' : 'Demande remise dans la file du service' };
    case 'status_changed':
      return { title: `Statut : ${statuses[payload.to as StatusKey]?.label ?? String(payload.to)}`, text: typeof payload.comment === 'string' ? payload.comment : undefined };
    case 'priority_changed':
      return { title: `Priorité : ${priorityLabels[payload.to as keyof typeof priorityLabels] ?? String(payload.to)}` };
    case 'acknowledged':
      return { title: 'Accusé de réception envoyé' };
    case 'notified':
      return { title: 'Notification envoyée' };
    case 'overdue':
      return { title: 'Délai annoncé dépassé' };
    case 'edited':
      return { title: 'Réponses corrigées' };
    case 'anonymised':
      return { title: 'Données personnelles effacées' };
    case 'message':
      return { title: event.actorKind === 'agent' ? 'Message à l’usager' : 'Message de l’usager', text: String(payload.body ?? '') };
    case 'rated':
      return { title: `Avis de l’usager : ${String(payload.rating)} sur 5`, text: typeof payload.comment === 'string' ? payload.comment : undefined };
    default:
      return eventInWords(event) ?? { title: event.kind };
  }
}

/** What the agent can do now: take the request, move it where the workflow allows, write to the citizen, note. */
function Actions(props: { request: AgentRequestDetail; agent: AgentMe; onChanged: () => void }) {
  const moveForm = createForm();
  const messageForm = createForm();
  const noteForm = createForm();
  const [chosen, setChosen] = createSignal<string>('');
  const [comment, setComment] = createSignal('');
  const [message, setMessage] = createSignal('');
  const [attached, setAttached] = createSignal<{ id: string; name: string }[]>([]);
  const [sending, setSending] = createSignal<string>();
  const [templates] = createResource(async () => {
    const response = await api.agent['modeles-de-reponse'].$get();
    return response.ok ? (await response.json()).templates : [];
  });
  const [note, setNote] = createSignal('');
  const id = () => props.request.id;
  // Every act names the version the agent sees; if a colleague changed the request meanwhile the
  // server refuses it (409) saying what changed, and the desk reloads it.
  const seen = () => ({ 'if-match': `"${props.request.version}"` });
  const act = (form: ReturnType<typeof createForm>, send: () => Promise<Response>, done: () => void) =>
    void form.submit(async () => {
      const response = await send();
      if (response.status === 409) props.onChanged();
      return response;
    }, done);
  const reasonRequired = () => props.request.transitions?.find((move) => move.to === chosen())?.reasonRequired ?? false;

  function take() {
    act(moveForm, () => api.agent.demandes[':id'].attribution.$post({ param: { id: id() }, header: seen(), json: { assigneeId: props.agent.id } }), props.onChanged);
  }
  function move(event: SubmitEvent) {
    event.preventDefault();
    const to = chosen() as StatusKey;
    act(
      moveForm,
      () => api.agent.demandes[':id'].statut.$post({ param: { id: id() }, header: seen(), json: { status: to, ...(comment().trim() ? { comment: comment().trim() } : {}) } }),
      () => {
        setChosen('');
        setComment('');
        props.onChanged();
      },
    );
  }
  function send(event: SubmitEvent) {
    event.preventDefault();
    act(
      messageForm,
      () => api.agent.demandes[':id'].messages.$post({ param: { id: id() }, header: seen(), json: { body: message(), attachmentIds: attached().map((file) => file.id) } }),
      () => {
        setMessage('');
        setAttached([]);
        props.onChanged();
      },
    );
  }
  /** A template's text, its placeholders filled for this request: {nom}, {reference}, {echeance}. */
  function applyTemplate(templateId: string) {
    const template = templates()?.find((candidate) => candidate.id === templateId);
    if (!template) return;
    const name = props.request.contact?.name ?? 'Madame, Monsieur';
    setMessage(
      template.body
        .replaceAll('{nom}', name)
        .replaceAll('{reference}', props.request.reference)
        .replaceAll('{echeance}', dayInWords(new Date(props.request.dueAt))),
    );
  }

  async function attach(files: FileList | null) {
    for (const file of [...(files ?? [])]) {
      setSending(file.name);
      const outcome = await uploadFile('/api/agent/pieces-jointes', file, () => {});
      setSending(undefined);
      if (outcome.ok) setAttached([...attached(), { id: outcome.file.id, name: outcome.file.filename }]);
      else messageForm.setProblem({ title: outcome.title, detail: outcome.detail });
    }
  }

  function addNote(event: SubmitEvent) {
    event.preventDefault();
    act(
      noteForm,
      () => api.agent.demandes[':id'].notes.$post({ param: { id: id() }, header: seen(), json: { body: note() } }),
      () => {
        setNote('');
        props.onChanged();
      },
    );
  }

  return (
    <section class="card" aria-labelledby="actions-titre">
      <h2 id="actions-titre">Traiter la demande</h2>
      <FormProblem form={moveForm} fields={{ comment: 'desk-commentaire' }} />
      <Show when={!props.request.closedAt && props.request.assigneeId !== props.agent.id}>
        <p>
          <button type="button" class="button button--secondary" onClick={take} disabled={moveForm.busy()}>
            Prendre la demande
          </button>
        </p>
      </Show>
      <Show when={(props.request.transitions ?? []).length > 0}>
        <form class="form" onSubmit={move} novalidate>
          <fieldset>
            <legend>Changer le statut</legend>
            <For each={props.request.transitions}>
              {(transition) => (
                <div class="choice">
                  <input type="radio" id={`desk-vers-${transition.to}`} name="desk-statut" value={transition.to} checked={chosen() === transition.to} onChange={() => setChosen(transition.to)} />
                  <label for={`desk-vers-${transition.to}`}>
                    {transition.label}
                    {transition.reasonRequired ? ' (motif obligatoire)' : ''}
                  </label>
                </div>
              )}
            </For>
          </fieldset>
          <div class="field">
            <label for="desk-commentaire">{reasonRequired() ? 'Motif, adressé à l’usager (obligatoire)' : 'Commentaire adressé à l’usager (facultatif)'}</label>
            <textarea id="desk-commentaire" rows={3} value={comment()} onInput={(event) => setComment(event.currentTarget.value)} />
          </div>
          <button type="submit" class="button" disabled={!chosen() || moveForm.busy()}>
            Appliquer
          </button>
        </form>
      </Show>
      <form class="form" onSubmit={send} novalidate>
        <FormProblem form={messageForm} fields={{ body: 'desk-message' }} />
        <Show when={(templates() ?? []).length > 0}>
          <div class="field">
            <label for="desk-modele">Partir d’un modèle de réponse</label>
            <select id="desk-modele" onChange={(event) => applyTemplate(event.currentTarget.value)}>
              <option value="">Aucun</option>
              <For each={templates()}>{(template) => <option value={template.id}>{template.title}</option>}</For>
            </select>
          </div>
        </Show>
        <div class="field">
          <label for="desk-message">Message à l’usager</label>
          <textarea id="desk-message" rows={4} value={message()} onInput={(event) => setMessage(event.currentTarget.value)} />
        </div>
        <div class="field">
          <label for="desk-fichiers">Joindre des fichiers</label>
          <input id="desk-fichiers" type="file" multiple onChange={(event) => void attach(event.currentTarget.files)} />
          <p class="visually-hidden" role="status">
            {sending() ? `Envoi de « ${sending()} »…` : ''}
          </p>
          <Show when={attached().length > 0}>
            <ul aria-label="Fichiers joints au message">
              <For each={attached()}>
                {(file) => (
                  <li>
                    {file.name}{' '}
                    <button type="button" class="link-button" onClick={() => setAttached(attached().filter((kept) => kept.id !== file.id))}>
                      Retirer « {file.name} »
                    </button>
                  </li>
                )}
              </For>
            </ul>
          </Show>
        </div>
        <button type="submit" class="button button--secondary" disabled={messageForm.busy()}>
          Envoyer le message
        </button>
      </form>
      <form class="form" onSubmit={addNote} novalidate>
        <FormProblem form={noteForm} fields={{ body: 'desk-note' }} />
        <div class="field">
          <label for="desk-note">Note interne (jamais montrée à l’usager)</label>
          <textarea id="desk-note" rows={3} value={note()} onInput={(event) => setNote(event.currentTarget.value)} />
        </div>
        <button type="submit" class="button button--secondary" disabled={noteForm.busy()}>
          Ajouter la note
        </button>
      </form>
    </section>
  );
}
