export const statusKeys = [
  'submitted',
  'acknowledged',
  'in_progress',
  'waiting_citizen',
  'awaiting_decision',
  'accepted',
  'done',
  'rejected',
  'closed_without_action',
] as const;

export type StatusKey = (typeof statusKeys)[number];

export interface Status {
  /** What agents read in the back office. */
  label: string;
  /** What the citizen reads on the portal and in notifications. */
  publicLabel: string;
  /** The request is answered: nothing more happens unless it is reopened (see default-transitions). */
  final: boolean;
}

export const statuses: Readonly<Record<StatusKey, Status>> = {
  submitted: { label: 'Déposée', publicLabel: 'Déposée', final: false },
  acknowledged: { label: 'Prise en compte', publicLabel: 'Prise en compte', final: false },
  in_progress: { label: 'En cours de traitement', publicLabel: 'En cours de traitement', final: false },
  waiting_citizen: { label: 'Complément demandé', publicLabel: 'En attente de votre réponse', final: false },
  awaiting_decision: { label: 'En attente de décision', publicLabel: 'En attente de décision', final: false },
  accepted: { label: 'Acceptée', publicLabel: 'Acceptée', final: true },
  done: { label: 'Traitée', publicLabel: 'Traitée', final: true },
  rejected: { label: 'Refusée', publicLabel: 'Refusée', final: true },
  closed_without_action: { label: 'Classée sans suite', publicLabel: 'Classée sans suite', final: true },
};

export function isFinal(status: StatusKey): boolean {
  return statuses[status].final;
}

export const openStatuses: readonly StatusKey[] = statusKeys.filter((status) => !isFinal(status));

export const finalStatuses: readonly StatusKey[] = statusKeys.filter(isFinal);

export function publicLabel(status: StatusKey): string {
  return statuses[status].publicLabel;
}

/** Open311 GeoReport v2 knows only two states; a request is closed once it is answered. */
export function toOpen311Status(status: StatusKey): 'open' | 'closed' {
  return isFinal(status) ? 'closed' : 'open';
}

export function isStatusKey(value: string): value is StatusKey {
  return (statusKeys as readonly string[]).includes(value);
}
