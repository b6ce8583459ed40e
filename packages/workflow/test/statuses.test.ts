import { describe, expect, it } from 'vitest';
import { finalStatuses, isFinal, openStatuses, publicLabel, statuses, statusKeys, toOpen311Status } from '../src/index.ts';

describe('statuses', () => {
  it('names every status in French for agents and citizens', () => {
    expect(Object.fromEntries(statusKeys.map((key) => [key, [statuses[key].label, publicLabel(key)]]))).toEqual({
      submitted: ['Déposée', 'Déposée'],
      acknowledged: ['Prise en compte', 'Prise en compte'],
      in_progress: ['En cours de traitement', 'En cours de traitement'],
      waiting_citizen: ['Complément demandé', 'En attente de votre réponse'],
      awaiting_decision: ['En attente de décision', 'En attente de décision'],
      accepted: ['Acceptée', 'Acceptée'],
      done: ['Traitée', 'Traitée'],
      rejected: ['Refusée', 'Refusée'],
      closed_without_action: ['Classée sans suite', 'Classée sans suite'],
    });
  });

  it('tells open statuses from final ones', () => {
    expect(openStatuses).toEqual(['submitted', 'acknowledged', 'in_progress', 'waiting_citizen', 'awaiting_decision']);
    expect(finalStatuses).toEqual(['accepted', 'done', 'rejected', 'closed_without_action']);
    expect(isFinal('rejected')).toBe(true);
    expect(isFinal('waiting_citizen')).toBe(false);
  });

  it('maps to the two Open311 states', () => {
    expect(statusKeys.map(toOpen311Status)).toEqual(['open', 'open', 'open', 'open', 'open', 'closed', 'closed', 'closed', 'closed']);
  });
});
