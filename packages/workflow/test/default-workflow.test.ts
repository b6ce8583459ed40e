import { describe, expect, it } from 'vitest';
import { actorRoles, availableTransitions, canTransition, resolveWorkflow, statusKeys, type ActorRole, type StatusKey } from '../src/index.ts';

/**
 * The default graph, written out by hand: for each move, who may make it; `!` after a role means
 * that role must give a motive. A = agent, M = service manager, C = commune admin, Z = citizen,
 * S = system. Every other move is not allowed.
 */
const graph: Partial<Record<StatusKey, Partial<Record<StatusKey, string>>>> = {
  submitted: {
    acknowledged: 'A M C S',
    in_progress: 'A M C',
    waiting_citizen: 'A M C',
    accepted: 'A M C',
    done: 'A M C',
    rejected: 'A! M! C!',
    closed_without_action: 'A! M! C! Z',
  },
  acknowledged: {
    in_progress: 'A M C',
    waiting_citizen: 'A M C',
    accepted: 'A M C',
    done: 'A M C',
    rejected: 'A! M! C!',
    closed_without_action: 'A! M! C! Z',
  },
  in_progress: {
    waiting_citizen: 'A M C',
    awaiting_decision: 'A M C',
    accepted: 'A M C',
    done: 'A M C',
    rejected: 'A! M! C!',
    closed_without_action: 'A! M! C! Z',
  },
  waiting_citizen: {
    in_progress: 'Z A M C S',
    rejected: 'A! M! C!',
    closed_without_action: 'A! M! C! Z',
  },
  awaiting_decision: {
    in_progress: 'M',
    accepted: 'M',
    done: 'M',
    rejected: 'M!',
    closed_without_action: 'M! Z',
  },
  accepted: { in_progress: 'M!' },
  done: { in_progress: 'M!' },
  rejected: { in_progress: 'M!' },
  closed_without_action: { in_progress: 'M!' },
};

const letters: Record<ActorRole, string> = { agent: 'A', service_manager: 'M', commune_admin: 'C', citizen: 'Z', system: 'S' };

const finals: readonly StatusKey[] = ['accepted', 'done', 'rejected', 'closed_without_action'];

function expectedEffects(from: StatusKey, to: StatusKey) {
  return {
    ...(to === 'waiting_citizen' ? { pauseClock: true } : {}),
    ...(from === 'waiting_citizen' ? { resumeClock: true } : {}),
    ...(finals.includes(to) ? { final: true } : {}),
  };
}

const workflow = resolveWorkflow();

describe('the default workflow, every move by every role', () => {
  for (const from of statusKeys) {
    for (const to of statusKeys) {
      for (const role of actorRoles) {
        const grant = graph[from]?.[to]?.split(' ').find((entry) => entry.startsWith(letters[role]));
        const allowedSomehow = graph[from]?.[to] !== undefined;
        it(`${from} → ${to} by ${role}`, () => {
          const withoutMotive = canTransition(workflow, from, to, role);
          const withMotive = canTransition(workflow, from, to, role, { comment: 'Motif communiqué au demandeur.' });
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

  it('lets the citizen withdraw without a motive, but not an agent', () => {
    expect(canTransition(workflow, 'in_progress', 'closed_without_action', 'citizen')).toMatchObject({ ok: true });
    expect(canTransition(workflow, 'in_progress', 'closed_without_action', 'agent')).toEqual({
      ok: false,
      reason: 'reason_required',
      message: 'Indiquez le motif de ce changement de statut.',
    });
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
    expect(availableTransitions(workflow, 'waiting_citizen', 'citizen')).toEqual([
      { to: 'in_progress', reasonRequired: false },
      { to: 'closed_without_action', reasonRequired: false },
    ]);
  });

  it('gives nothing to the citizen once the request is answered', () => {
    for (const final of finals) expect(availableTransitions(workflow, final, 'citizen')).toEqual([]);
  });
});
