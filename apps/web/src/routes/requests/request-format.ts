import { statuses, type StatusKey } from '@guichet/workflow/statuses';
import type { RequestDetail } from '../../api.ts';

export type HistoryEvent = RequestDetail['history'][number];

const dateTime = new Intl.DateTimeFormat('fr-FR', { day: 'numeric', month: 'long', year: 'numeric', hour: '2-digit', minute: '2-digit', timeZone: 'Europe/Paris' });

/** "3 décembre 2026 à 14:05", on the Paris clock. */
export function momentInWords(iso: string): string {
  return dateTime.format(new Date(iso));
}

export function statusLabel(status: string): string {
  return statuses[status as StatusKey]?.publicLabel ?? status;
}

/** The badge's look: the words always say the status, the colour only repeats it. */
export function statusTone(status: string): 'open' | 'waiting' | 'closed' {
  if (status === 'waiting_citizen') return 'waiting';
  return statuses[status as StatusKey]?.final ? 'closed' : 'open';
}

const channelWords: Record<string, string> = {
  portal: 'en ligne',
  phone: 'par téléphone',
  counter: 'à l’accueil de la mairie',
  email: 'par e-mail',
  mail: 'par courrier',
  sms: 'par SMS',
  open311: 'par une application partenaire',
};

/** One line of the citizen's timeline: what happened, and who said what. */
export function eventInWords(event: HistoryEvent): { title: string; text?: string | undefined } | undefined {
  const payload = event.payload as Record<string, unknown>;
  const comment = typeof payload.comment === 'string' ? payload.comment : undefined;
  switch (event.kind) {
    case 'filed':
      return { title: `Demande déposée ${channelWords[String(payload.channel)] ?? ''}`.trim() };
    case 'status_changed':
      return { title: `Statut : ${statusLabel(String(payload.to))}`, text: comment };
    case 'reopened':
      return { title: event.actorKind === 'citizen' ? 'Vous avez rouvert la demande' : 'La mairie a rouvert la demande', text: comment };
    case 'message':
      return { title: event.actorKind === 'citizen' ? 'Votre message' : 'Message de la mairie', text: String(payload.body ?? '') };
    case 'transferred':
      return { title: `Transmise au service ${String(payload.serviceName ?? '')}`.trim() };
    case 'merged':
      return { title: 'Regroupée avec une autre demande', text: comment };
    case 'reminded':
      return { title: 'Rappel : la mairie attend votre réponse', text: typeof payload.closesOn === 'string' ? `Sans réponse d’ici le ${new Date(payload.closesOn).toLocaleDateString('fr-FR', { timeZone: 'Europe/Paris', day: 'numeric', month: 'long', year: 'numeric' })}, la demande sera classée sans suite.` : undefined };
    case 'rated':
      return { title: `Votre avis : ${String(payload.rating)} sur 5`, text: comment };
    default:
      return undefined;
  }
}

/** Rated since the last closure: a reopened request may be rated again once closed again. */
export function ratedSinceClosure(history: readonly HistoryEvent[]): boolean {
  const closedAt = history.findLastIndex((event) => event.kind === 'status_changed' && statuses[(event.payload as { to: StatusKey }).to]?.final);
  return closedAt >= 0 && history.slice(closedAt).some((event) => event.kind === 'rated');
}
