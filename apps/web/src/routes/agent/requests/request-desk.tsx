import { useParams } from '@solidjs/router';
import { createResource, createSignal, For, onCleanup, onMount, Show } from 'solid-js';
import { statuses, type StatusKey } from '@guichet/workflow/statuses';
import { api, type AgentMe, type AgentRequestDetail } from '../../../api.ts';
import { AnswersReview } from '../../../components/forms/answers-review.tsx';
import { StaffPage } from '../../../components/staff-page.tsx';
import { momentInWords } from '../../requests/request-format.ts';
import { storedAnswers } from '../../requests/stored-answers.ts';
import { AgentNav } from '../agent-nav.tsx';
import { useSignedInAgent } from '../signed-in-agent.ts';
import { DeskActions } from './desk-actions.tsx';
import { DeskFiles, type DeskFile } from './desk-files.tsx';
import { DeskHistory } from './desk-history.tsx';
import { DeskRouting } from './desk-routing.tsx';
import { channelLabels, dueInWords, priorityLabels } from './request-labels.ts';

/**
 * /agent/demandes/:id: a request's desk: where it stands and by when, who asked and how to reach
 * them, what they filed, its whole history (internal events told apart), and the acts the
 * workflow allows this agent now. An elected official sees it to decide, and only decides.
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
  const [files, { refetch: refetchFiles }] = createResource(
    () => (me() ? params.id : undefined),
    async (id): Promise<DeskFile[]> => {
      const response = await api.agent.demandes[':id']['pieces-jointes'].$get({ param: { id } });
      return response.ok ? (await response.json()).attachments : [];
    },
  );
  const [news, setNews] = createSignal('');
  // What this agent just did is announced; a reload for a change made elsewhere keeps it.
  const reload = (announcement?: string) => {
    if (announcement !== undefined) setNews(announcement);
    void refetch();
    void refetchFiles();
  };
  const title = () => (request() ? `${request()!.reference} – ${request()!.summary}` : request() === null ? 'Demande introuvable' : 'Demande');
  const [others, setOthers] = createSignal<{ id: string; name: string }[]>([]);
  // Who else has this desk open, and any change made elsewhere, live (the desk's presence goes with the page).
  onMount(() => {
    const stream = new EventSource(`/api/agent/demandes/${params.id}/flux`);
    stream.addEventListener('presence', (event) => setOthers((JSON.parse((event as MessageEvent<string>).data) as { agents: { id: string; name: string }[] }).agents));
    // A change made elsewhere (a colleague, the citizen) shows at once.
    stream.addEventListener('demande', () => reload());
    onCleanup(() => stream.close());
  });
  return (
    <Show when={me()} fallback={<p class="wrap" role="status">Chargement…</p>}>
      {(agent) => (
        <StaffPage title={title()} tagline="Espace agents" nav={<AgentNav role={agent().role} />}>
          <p>
            <a href="/agent/demandes">← Retour aux demandes</a>
          </p>
          <p role="status" class={news() ? 'notice notice--success' : 'visually-hidden'}>
            {news()}
          </p>
          <Show when={request() !== undefined} fallback={<p role="status">Chargement de la demande…</p>}>
            <Show when={request()} fallback={<p>Cette demande n’existe pas, ou elle n’est pas traitée par vos services.</p>}>
              {(current) => (
                <>
                  <p role="status" class={others().length > 0 ? 'notice notice--warning' : 'visually-hidden'}>
                    {others().length > 0 ? `Aussi sur cette demande en ce moment : ${others().map((other) => other.name).join(', ')}.` : ''}
                  </p>
                  <Desk request={current()} files={files.latest ?? []} agent={agent()} onChanged={reload} />
                </>
              )}
            </Show>
          </Show>
        </StaffPage>
      )}
    </Show>
  );
}

function Desk(props: { request: AgentRequestDetail; files: readonly DeskFile[]; agent: AgentMe; onChanged: (news?: string) => void }) {
  const processes = () => props.agent.role !== 'elected_official';
  return (
    <div class="desk">
      <Situation request={props.request} agent={props.agent} />
      <DeskActions request={props.request} agent={props.agent} processes={processes()} onChanged={props.onChanged} />
      <Show when={processes() && !props.request.closedAt}>
        <DeskRouting request={props.request} onChanged={props.onChanged} />
      </Show>
      <Contact request={props.request} />
      <section class="card" aria-labelledby="reponses-titre">
        <h2 id="reponses-titre">Demande</h2>
        <AnswersReview fields={props.request.form.fields} answers={storedAnswers(props.request.form.fields, props.request.data, props.files)} />
      </section>
      <DeskFiles requestId={props.request.id} files={props.files} />
      <DeskHistory history={props.request.history} />
    </div>
  );
}

/** Where the request stands and by when, in words (the delay's state never by colour alone). */
function Situation(props: { request: AgentRequestDetail; agent: AgentMe }) {
  const due = () => dueInWords({ dueAt: props.request.dueAt, overdue: props.request.overdue ?? false, dueSoon: false, clockPaused: props.request.clockPaused });
  const daysLeft = () => {
    const days = props.request.workingDaysLeft;
    if (days === null || days === undefined || props.request.clockPaused) return '';
    if (days < 0) return ` (dépassée de ${-days} jour${days < -1 ? 's' : ''} ouvré${days < -1 ? 's' : ''})`;
    return ` (${days} jour${days > 1 ? 's' : ''} ouvré${days > 1 ? 's' : ''} restant${days > 1 ? 's' : ''})`;
  };
  const assignee = () => {
    if (!props.request.assigneeId) return 'Personne';
    if (props.request.assigneeId === props.agent.id) return 'Vous';
    return props.request.assigneeName ?? 'Un collègue';
  };
  return (
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
            {daysLeft()}
            <Show when={due().flag}>{(flag) => <span class={`due-flag due-flag--${flag().tone}`}>{flag().text}</span>}</Show>
          </Show>
        </dd>
        <dt>Reçue</dt>
        <dd>
          {momentInWords(props.request.filedAt)} ({channelLabels[props.request.channel]})
        </dd>
        <dt>Prise en charge</dt>
        <dd>{assignee()}</dd>
      </dl>
    </section>
  );
}

/** Who asked and how to reach them, with their other requests in the commune. */
function Contact(props: { request: AgentRequestDetail }) {
  return (
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
      <Show when={(props.request.contactRequests ?? []).length > 0}>
        <h3>Ses autres demandes</h3>
        <ul>
          <For each={props.request.contactRequests}>
            {(other) => (
              <li>
                <a href={`/agent/demandes/${other.id}`}>{other.reference}</a> – {other.procedureTitle}, {statuses[other.status as StatusKey].label.toLowerCase()} ({momentInWords(other.filedAt)})
              </li>
            )}
          </For>
        </ul>
      </Show>
    </section>
  );
}
