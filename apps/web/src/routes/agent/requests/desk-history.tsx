import { For, Show } from 'solid-js';
import { statuses, type StatusKey } from '@guichet/workflow/statuses';
import type { AgentRequestDetail } from '../../../api.ts';
import { eventInWords, momentInWords } from '../../requests/request-format.ts';
import { priorityLabels } from './request-labels.ts';

type HistoryEvent = AgentRequestDetail['history'][number];

/** The whole history of a request, public and internal events told apart, each with its author. */
export function DeskHistory(props: { history: readonly HistoryEvent[] }) {
  return (
    <section class="card" aria-labelledby="historique-titre">
      <h2 id="historique-titre">Historique</h2>
      <ol class="timeline">
        <For each={props.history}>
          {(event) => (
            <li class={event.public ? 'timeline__entry' : 'timeline__entry timeline__entry--internal'}>
              <p class="timeline__meta">
                {momentInWords(event.at)} · {event.public ? 'visible par l’usager' : 'interne'}
                {author(event)}
              </p>
              <p class="timeline__title">{agentEventInWords(event).title}</p>
              <Show when={agentEventInWords(event).text}>{(text) => <p class="timeline__text">{text()}</p>}</Show>
            </li>
          )}
        </For>
      </ol>
    </section>
  );
}

function author(event: HistoryEvent): string {
  if (event.actorName) return ` · ${event.actorName}`;
  if (event.actorKind === 'citizen' || event.actorKind === 'anonymous_filer') return ' · l’usager';
  if (event.actorKind === 'system') return ' · automatique';
  return '';
}

/** The history as agents read it: the citizen's words where they exist, the internal events besides. */
function agentEventInWords(event: HistoryEvent): { title: string; text?: string | undefined } {
  const payload = event.payload as Record<string, unknown>;
  switch (event.kind) {
    case 'note':
      return { title: 'Note interne', text: String(payload.body ?? '') };
    case 'assigned':
      if (!payload.to) return { title: payload.reason === 'agent_disabled' ? 'Remise dans la file du service : le compte de l’agent a été désactivé' : 'Demande remise dans la file du service' };
      return { title: payload.toName ? `Demande attribuée à ${String(payload.toName)}` : 'Demande attribuée' };
    case 'transferred':
      return { title: `Transmise au service ${String(payload.serviceName ?? '')}`, text: typeof payload.internalComment === 'string' ? payload.internalComment : undefined };
    case 'status_changed':
      return { title: `Statut : ${statuses[payload.to as StatusKey]?.label ?? String(payload.to)}`, text: typeof payload.comment === 'string' ? payload.comment : undefined };
    case 'priority_changed':
      return { title: `Priorité : ${priorityLabels[payload.to as keyof typeof priorityLabels] ?? String(payload.to)}` };
    case 'acknowledged':
      return { title: 'Accusé de réception envoyé' };
    case 'notified':
      return { title: payload.channel === 'sms' ? 'Usager prévenu par SMS' : payload.channel === 'email' ? 'Usager prévenu par e-mail' : 'Usager prévenu' };
    case 'reminded':
      return { title: `Usager relancé (sans réponse depuis ${String(payload.waitedDays)} jours)` };
    case 'overdue':
      return { title: 'Délai annoncé dépassé' };
    case 'edited':
      return { title: 'Réponses corrigées' };
    case 'anonymised':
      return { title: 'Données personnelles effacées' };
    case 'message':
      return { title: event.actorKind === 'agent' ? 'Message à l’usager' : 'Message de l’usager', text: String(payload.body ?? '') };
    case 'merged':
      return payload.from ? { title: `Doublon ${String(payload.from)} fusionné dans cette demande` } : { title: `Fusionnée dans ${String(payload.into)}`, text: String(payload.comment ?? '') };
    case 'reopened':
      return { title: event.actorKind === 'agent' ? 'Demande rouverte' : 'L’usager a rouvert la demande', text: typeof payload.comment === 'string' ? payload.comment : undefined };
    case 'rated':
      return { title: `Avis de l’usager : ${String(payload.rating)} sur 5`, text: typeof payload.comment === 'string' ? payload.comment : undefined };
    default:
      return eventInWords(event) ?? { title: event.kind };
  }
}
