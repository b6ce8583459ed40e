import { describe, expect, it } from 'vitest';
import { actorRoles, availableTransitions, canTransition, resolveWorkflow, statusKeys, type ActorRole, type StatusKey } from '../src/index.ts';

/**
 * The default graph, written out by hand: for each move, who may make it; `!` after a role means
 * that role must give a motive. A = agent, M = service manager, C = commune admin, Z = citizen,
 * E = elected official, S = system. Every other move is not allowed. Checked a day after the closure (see `timing`);
 * the 15 days the citizen has to reopen are checked below.
 */
const graph: Partial<Record<StatusKey, Partial<Record<StatusKey, string>>>> = {
  submitted: {
    acknowledged: 'A M C S',
    in_progress: 'A M C',
    waiting_citizen: 'A M C',
    accepted: 'A M C',
    done: 'A M C',
    rejected: 'A! M! C!',
    closed_without_action: 'A! M! C! Z!',
  },
  acknowledged: {
    in_progress: 'A M C',
    waiting_citizen: 'A M C',
    accepted: 'A M C',
    done: 'A M C',
    rejected: 'A! M! C!',
    closed_without_action: 'A! M! C! Z!',
  },
  in_progress: {
    waiting_citizen: 'A M C',
    awaiting_decision: 'A M C',
    accepted: 'A M C',
    done: 'A M C',
    rejected: 'A! M! C!',
    closed_without_action: 'A! M! C!',
  },
  waiting_citizen: {
    in_progress: 'Z A M C S',
    rejected: 'A! M! C!',
    closed_without_action: 'A! M! C! S!',
  },
  awaiting_decision: {
    in_progress: 'M E',
    accepted: 'M E',
    done: 'M E',
    rejected: 'M! E!',
    closed_without_action: 'M! E!',
  },
  accepted: { in_progress: 'M! Z!' },
  done: { in_progress: 'M! Z!' },
  rejected: { in_progress: 'M!' },
  closed_without_action: { in_progress: 'M!' },
};

const letters: Record<ActorRole, string> = { agent: 'A', service_manager: 'M', commune_admin: 'C', elected_official: 'E', citizen: 'Z', system: 'S' };

const finals: readonly StatusKey[] = ['accepted', 'done', 'rejected', 'closed_without_action'];

function expectedEffects(from: StatusKey, to: StatusKey) {
  return {
    ...(to === 'waiting_citizen' ? { pauseClock: true } : {}),
    ...(from === 'waiting_citizen' ? { resumeClock: true } : {}),
    ...(finals.includes(to) ? { final: true } : {}),
    ...(finals.includes(from) && !finals.includes(to) ? { reopen: true } : {}),
  };
}

const workflow = resolveWorkflow();
const closedAt = new Date('2026-06-01T14:00:00Z');
const day = 24 * 3600_000;
/** A day after the closure: within every limit the default workflow sets. */
const timing = { closedAt, now: new Date(closedAt.getTime() + day) };

describe('the default workflow, every move by every role', () => {
  for (const from of statusKeys) {
    for (const to of statusKeys) {
      for (const role of actorRoles) {
        const grant = graph[from]?.[to]?.split(' ').find((entry) => entry.startsWith(letters[role]));
        const allowedSomehow = graph[from]?.[to] !== undefined;
        it(`${from} → ${to} by ${role}`, () => {
          const withoutMotive = canTransition(workflow, from, to, role, timing);
          const withMotive = canTransition(workflow, from, to, role, { ...timing, comment: 'Motif communiqué au demandeur.' });
          if (!allowedSomehow) {
            expect(withoutMotive).toMatchObject({ ok: false, reason: 'not_allowed' });
          } else if (!grant) {
            expect(withoutMotive).toMatchObject({ ok: false, reason: 'forbidden_role' });
          } else if (grant.endsWith('!')) {
            expect(withoutMotive).toMatchObject({ ok: false, reason: 'reason_required' });
            expect(withMotive).toEqual({ ok: true, effects: expectedEffects(from, to) });
          } else {
            expect(withoutMotive).toEqual({ ok: true, effects: expectedEffects(from, to) });
          }
        });
      }
    }
  }
});

describe('canTransition', () => {
  it('pauses the clock when asking the citizen, and resumes it on the answer', () => {
    expect(canTransition(workflow, 'in_progress', 'waiting_citizen', 'agent')).toEqual({ ok: true, effects: { pauseClock: true } });
    expect(canTransition(workflow, 'waiting_citizen', 'in_progress', 'citizen')).toEqual({ ok: true, effects: { resumeClock: true } });
  });

  it('ends the pause when a request waiting for the citizen is closed', () => {
    expect(canTransition(workflow, 'waiting_citizen', 'closed_without_action', 'agent', { comment: 'Sans réponse depuis deux mois.' })).toEqual({
      ok: true,
      effects: { resumeClock: true, final: true },
    });
  });

  it('lets the citizen withdraw a request the service has not started, saying why', () => {
    const reason = { comment: 'Le problème a disparu.' };
    expect(canTransition(workflow, 'submitted', 'closed_without_action', 'citizen', reason)).toEqual({ ok: true, effects: { final: true } });
    expect(canTransition(workflow, 'acknowledged', 'closed_without_action', 'citizen', reason)).toMatchObject({ ok: true });
    expect(canTransition(workflow, 'submitted', 'closed_without_action', 'citizen')).toMatchObject({ ok: false, reason: 'reason_required' });
    for (const started of ['in_progress', 'waiting_citizen', 'awaiting_decision']) {
      expect(canTransition(workflow, started, 'closed_without_action', 'citizen', reason), started).toMatchObject({ ok: false, reason: 'forbidden_role' });
    }
  });

  it('lets the citizen reopen an answered request within 15 days of its closure, saying what is not solved', () => {
    const comment = 'Le nid-de-poule est revenu.';
    const at = (days: number) => ({ closedAt, now: new Date(closedAt.getTime() + days * day), comment });
    for (const answered of ['done', 'accepted']) {
      expect(canTransition(workflow, answered, 'in_progress', 'citizen', at(15)), answered).toEqual({ ok: true, effects: { reopen: true } });
      expect(canTransition(workflow, answered, 'in_progress', 'citizen', { ...at(1), comment: ' ' })).toMatchObject({ reason: 'reason_required' });
      expect(canTransition(workflow, answered, 'in_progress', 'citizen', at(15.01))).toEqual({
        ok: false,
        reason: 'too_late',
        message: 'Le délai est dépassé : ce changement n’est possible que dans les 15 jours qui suivent la clôture de la demande.',
      });
      expect(canTransition(workflow, answered, 'in_progress', 'citizen', { comment })).toMatchObject({ reason: 'too_late' });
      // A manager reopens at any time.
      expect(canTransition(workflow, answered, 'in_progress', 'service_manager', at(400))).toMatchObject({ ok: true });
    }
    for (const decided of ['rejected', 'closed_without_action']) {
      expect(canTransition(workflow, decided, 'in_progress', 'citizen', at(1)), decided).toMatchObject({ ok: false, reason: 'forbidden_role' });
    }
  });

  it('does not take blank text for a motive', () => {
    expect(canTransition(workflow, 'in_progress', 'rejected', 'agent', { comment: '   ' })).toMatchObject({ reason: 'reason_required' });
  });

  it('explains a refusal in French', () => {
    expect(canTransition(workflow, 'submitted', 'awaiting_decision', 'agent')).toEqual({
      ok: false,
      reason: 'not_allowed',
      message: 'Une demande ne peut pas passer de « Déposée » à « En attente de décision ».',
    });
    expect(canTransition(workflow, 'awaiting_decision', 'accepted', 'agent')).toEqual({
      ok: false,
      reason: 'forbidden_role',
      message: 'Votre rôle ne permet pas ce changement de statut.',
    });
    expect(canTransition(workflow, 'done', 'done', 'service_manager')).toEqual({
      ok: false,
      reason: 'not_allowed',
      message: 'La demande est déjà au statut « Traitée ».',
    });
  });

  it('refuses unknown statuses from storage or a request', () => {
    expect(canTransition(workflow, 'archived', 'done', 'agent')).toEqual({
      ok: false,
      reason: 'unknown_status',
      message: 'Statut inconnu : « archived ».',
    });
    expect(canTransition(workflow, 'in_progress', 'toString', 'agent')).toMatchObject({ reason: 'unknown_status' });
  });
});

describe('availableTransitions', () => {
  it('lists what an agent can do with a new request', () => {
    expect(availableTransitions(workflow, 'submitted', 'agent')).toEqual([
      { to: 'acknowledged', reasonRequired: false },
      { to: 'in_progress', reasonRequired: false },
      { to: 'waiting_citizen', reasonRequired: false },
      { to: 'accepted', reasonRequired: false },
      { to: 'done', reasonRequired: false },
      { to: 'rejected', reasonRequired: true },
      { to: 'closed_without_action', reasonRequired: true },
    ]);
  });

  it('lists what the citizen can do with a request waiting for them', () => {
    expect(availableTransitions(workflow, 'waiting_citizen', 'citizen')).toEqual([{ to: 'in_progress', reasonRequired: false }]);
    expect(availableTransitions(workflow, 'submitted', 'citizen')).toEqual([{ to: 'closed_without_action', reasonRequired: true }]);
  });

  it('offers the citizen to reopen an answered request until 15 days after its closure, and then nothing', () => {
    const until = new Date(closedAt.getTime() + 15 * day);
    for (const answered of ['done', 'accepted'] as const) {
      expect(availableTransitions(workflow, answered, 'citizen', timing)).toEqual([{ to: 'in_progress', reasonRequired: true, until }]);
      expect(availableTransitions(workflow, answered, 'citizen', { closedAt, now: new Date(until.getTime() + 1) })).toEqual([]);
    }
    for (const final of finals) expect(availableTransitions(workflow, final, 'citizen', { closedAt, now: new Date(until.getTime() + 1) })).toEqual([]);
    expect(availableTransitions(workflow, 'done', 'service_manager', timing)).toEqual([{ to: 'in_progress', reasonRequired: true }]);
  });
});
