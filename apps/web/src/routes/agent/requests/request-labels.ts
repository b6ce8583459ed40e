import type { InboxLine } from '../../../api.ts';

/** The words of the back office for a request's channel and priority. */
export const channelLabels: Record<InboxLine['channel'], string> = {
  portal: 'Portail',
  phone: 'Téléphone',
  counter: 'Accueil',
  email: 'Courriel',
  mail: 'Courrier',
  sms: 'SMS',
  open311: 'Application (Open311)',
};

export const priorityLabels: Record<InboxLine['priority'], string> = {
  normal: 'Normale',
  high: 'Haute',
  urgent: 'Urgente',
};

export const sortLabels = { filed: 'Les plus récentes', due: 'Échéance la plus proche', priority: 'Les plus urgentes' } as const;

const day = new Intl.DateTimeFormat('fr-FR', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'Europe/Paris' });

/** "12 déc. 2026", and in words what stands out: the delay passed, near, or suspended. */
export function dueInWords(line: Pick<InboxLine, 'dueAt' | 'overdue' | 'dueSoon' | 'clockPaused'>): { date: string; flag?: { text: string; tone: 'late' | 'soon' | 'paused' } } {
  const date = day.format(new Date(line.dueAt));
  if (line.overdue) return { date, flag: { text: 'En retard', tone: 'late' } };
  if (line.clockPaused) return { date, flag: { text: 'Délai suspendu', tone: 'paused' } };
  if (line.dueSoon) return { date, flag: { text: 'Échéance proche', tone: 'soon' } };
  return { date };
}
