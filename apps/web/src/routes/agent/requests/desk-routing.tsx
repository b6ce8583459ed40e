import { createResource, createSignal, For, Show } from 'solid-js';
import { statuses, type StatusKey } from '@guichet/workflow/statuses';
import { api, type AgentRequestDetail, type InboxLine } from '../../../api.ts';
import { createForm, FormProblem } from '../../citizen/form-fields.tsx';
import { deskChange } from './desk-change.ts';
import { priorityLabels } from './request-labels.ts';

type Props = { request: AgentRequestDetail; onChanged: (news?: string) => void };

/** Who has the request and where it goes: a colleague of the service, another service, its priority, a duplicate merged. */
export function DeskRouting(props: Props) {
  return (
    <section class="card" aria-labelledby="orientation-titre">
      <h2 id="orientation-titre">Orienter la demande</h2>
      <AssignForm {...props} />
      <TransferForm {...props} />
      <PriorityForm {...props} />
      <MergeForm {...props} />
    </section>
  );
}

function AssignForm(props: Props) {
  const form = createForm();
  const { seen, act } = deskChange(() => props.request, () => props.onChanged());
  const [assignee, setAssignee] = createSignal(props.request.assigneeId ?? '');
  function assign(event: SubmitEvent) {
    event.preventDefault();
    const chosen = assignee() || null;
    const name = props.request.team?.find((member) => member.id === chosen)?.name;
    act(
      form,
      () => api.agent.demandes[':id'].attribution.$post({ param: { id: props.request.id }, header: seen(), json: { assigneeId: chosen } }),
      () => props.onChanged(name ? `Demande attribuée à ${name}.` : 'Demande remise dans la file du service.'),
    );
  }
  return (
    <form class="form form--inline" onSubmit={assign} novalidate>
      <FormProblem form={form} fields={{ assigneeId: 'desk-attribution' }} />
      <div class="field">
        <label for="desk-attribution">Attribuer à</label>
        <select id="desk-attribution" value={assignee()} onChange={(event) => setAssignee(event.currentTarget.value)}>
          <option value="">Personne (la file du service)</option>
          <For each={props.request.team}>{(member) => <option value={member.id}>{member.name}</option>}</For>
        </select>
      </div>
      <button type="submit" class="button button--secondary" disabled={form.busy() || assignee() === (props.request.assigneeId ?? '')}>
        Attribuer
      </button>
    </form>
  );
}

function TransferForm(props: Props) {
  const form = createForm();
  const { seen, act } = deskChange(() => props.request, () => props.onChanged());
  const [services] = createResource(async () => {
    const response = await api.services.$get();
    return response.ok ? (await response.json()).services : [];
  });
  const [service, setService] = createSignal('');
  const [comment, setComment] = createSignal('');
  function transfer(event: SubmitEvent) {
    event.preventDefault();
    const name = services()?.find((candidate) => candidate.slug === service())?.name ?? service();
    act(
      form,
      () =>
        api.agent.demandes[':id'].transfert.$post({
          param: { id: props.request.id },
          header: seen(),
          json: { service: service(), ...(comment().trim() ? { comment: comment().trim() } : {}) },
        }),
      () => {
        setService('');
        setComment('');
        props.onChanged(`Demande transmise au service ${name}.`);
      },
    );
  }
  return (
    <form class="form" onSubmit={transfer} novalidate>
      <FormProblem form={form} fields={{ service: 'desk-service', comment: 'desk-transfert-commentaire' }} />
      <div class="field">
        <label for="desk-service">Transmettre à un autre service</label>
        <select id="desk-service" value={service()} onChange={(event) => setService(event.currentTarget.value)}>
          <option value="">Choisir un service</option>
          <For each={(services() ?? []).filter((candidate) => candidate.slug !== props.request.serviceSlug)}>
            {(candidate) => <option value={candidate.slug}>{candidate.name}</option>}
          </For>
        </select>
      </div>
      <div class="field">
        <label for="desk-transfert-commentaire">Mot pour le service (interne, facultatif)</label>
        <input id="desk-transfert-commentaire" type="text" value={comment()} onInput={(event) => setComment(event.currentTarget.value)} />
      </div>
      <button type="submit" class="button button--secondary" disabled={!service() || form.busy()}>
        Transmettre
      </button>
    </form>
  );
}

function PriorityForm(props: Props) {
  const form = createForm();
  const { seen, act } = deskChange(() => props.request, () => props.onChanged());
  const [priority, setPriority] = createSignal<keyof typeof priorityLabels>(props.request.priority ?? 'normal');
  function change(event: SubmitEvent) {
    event.preventDefault();
    const chosen = priority();
    act(
      form,
      () => api.agent.demandes[':id'].priorite.$post({ param: { id: props.request.id }, header: seen(), json: { priority: chosen } }),
      () => props.onChanged(`Priorité : ${priorityLabels[chosen]}.`),
    );
  }
  return (
    <form class="form form--inline" onSubmit={change} novalidate>
      <FormProblem form={form} fields={{ priority: 'desk-priorite' }} />
      <div class="field">
        <label for="desk-priorite">Priorité</label>
        <select id="desk-priorite" value={priority()} onChange={(event) => setPriority(event.currentTarget.value as keyof typeof priorityLabels)}>
          <For each={Object.entries(priorityLabels)}>{([value, label]) => <option value={value}>{label}</option>}</For>
        </select>
      </div>
      <button type="submit" class="button button--secondary" disabled={form.busy() || priority() === (props.request.priority ?? 'normal')}>
        Changer la priorité
      </button>
    </form>
  );
}

/** A duplicate closes into the request that goes on: found by its reference or its words. */
function MergeForm(props: Props) {
  const form = createForm();
  const { seen, act } = deskChange(() => props.request, () => props.onChanged());
  const [query, setQuery] = createSignal('');
  const [found, setFound] = createSignal<InboxLine[]>();
  const [into, setInto] = createSignal('');
  async function search(event: SubmitEvent) {
    event.preventDefault();
    setInto('');
    const response = await api.agent.demandes.$get({ query: { q: query().trim() } });
    setFound(response.ok ? (await response.json()).requests.filter((line) => line.id !== props.request.id) : []);
  }
  function merge() {
    const target = found()?.find((line) => line.id === into());
    if (!target) return;
    act(
      form,
      () => api.agent.demandes[':id'].fusion.$post({ param: { id: props.request.id }, header: seen(), json: { into: target.id } }),
      () => props.onChanged(`Demande fusionnée dans ${target.reference}.`),
    );
  }
  return (
    <div class="form">
      <form onSubmit={(event) => void search(event)} novalidate>
        <div class="field">
          <label for="desk-doublon">Fusionner ce doublon dans une autre demande : chercher par référence ou par mots</label>
          <input id="desk-doublon" type="search" value={query()} onInput={(event) => setQuery(event.currentTarget.value)} />
        </div>
        <button type="submit" class="button button--secondary" disabled={query().trim().length < 2}>
          Chercher
        </button>
      </form>
      <Show when={found()}>
        {(lines) => (
          <>
            <FormProblem form={form} fields={{ into: 'desk-doublon' }} />
            <Show when={lines().length > 0} fallback={<p role="status">Aucune autre demande ne correspond.</p>}>
              <fieldset>
                <legend>La demande qui continue</legend>
                <For each={lines().slice(0, 10)}>
                  {(line) => (
                    <div class="choice">
                      <input type="radio" id={`desk-dans-${line.id}`} name="desk-dans" value={line.id} checked={into() === line.id} onChange={() => setInto(line.id)} />
                      <label for={`desk-dans-${line.id}`}>
                        {line.reference} – {line.summary} ({statuses[line.status as StatusKey].label})
                      </label>
                    </div>
                  )}
                </For>
              </fieldset>
              <p class="hint">Cette demande sera classée sans suite et renverra à celle choisie ; son usager en est prévenu.</p>
              <button type="button" class="button button--secondary" disabled={!into() || form.busy()} onClick={merge}>
                Fusionner
              </button>
            </Show>
          </>
        )}
      </Show>
    </div>
  );
}
