import { describe, expect, it } from 'vitest';
import { availableTransitions, canTransition, resolveWorkflow, workflowSchema } from '../src/index.ts';

/** The French messages of refused overrides. */
function refusal(overrides: unknown): string[] {
  const parsed = workflowSchema.safeParse(overrides);
  if (parsed.success) throw new Error('expected the overrides to be refused');
  return parsed.error.issues.map((issue) => issue.message);
}

describe('a procedure that requires a decision', () => {
  const workflow = resolveWorkflow({ decisionRequired: true });

  it('reaches accepted and done only through awaiting_decision', () => {
    for (const from of ['submitted', 'acknowledged', 'in_progress']) {
      for (const to of ['accepted', 'done']) {
        for (const role of ['agent', 'service_manager', 'commune_admin'] as const) {
          expect(canTransition(workflow, from, to, role)).toMatchObject({ ok: false, reason: 'not_allowed' });
        }
      }
    }
    expect(canTransition(workflow, 'in_progress', 'awaiting_decision', 'agent')).toMatchObject({ ok: true });
    expect(canTransition(workflow, 'awaiting_decision', 'accepted', 'service_manager')).toEqual({ ok: true, effects: { final: true } });
    expect(canTransition(workflow, 'awaiting_decision', 'done', 'service_manager')).toEqual({ ok: true, effects: { final: true } });
  });

  it('leaves the decision to a manager', () => {
    expect(canTransition(workflow, 'awaiting_decision', 'accepted', 'agent')).toMatchObject({ ok: false, reason: 'forbidden_role' });
    expect(canTransition(workflow, 'awaiting_decision', 'rejected', 'service_manager')).toMatchObject({ reason: 'reason_required' });
  });

  it('still lets an agent refuse an inadmissible request, with a motive', () => {
    expect(canTransition(workflow, 'submitted', 'rejected', 'agent', { comment: 'Hors compétence communale.' })).toMatchObject({ ok: true });
  });

  it('offers the agent no shortcut in the back office', () => {
    expect(availableTransitions(workflow, 'in_progress', 'agent').map((transition) => transition.to)).toEqual([
      'waiting_citizen',
      'awaiting_decision',
      'rejected',
      'closed_without_action',
    ]);
  });
});

describe('procedure overrides', () => {
  it('drops a status and every move through it', () => {
    const workflow = resolveWorkflow({ withoutStatuses: ['acknowledged', 'accepted'] });
    expect(workflow.statuses).not.toContain('acknowledged');
    expect(canTransition(workflow, 'submitted', 'acknowledged', 'system')).toMatchObject({ reason: 'unknown_status' });
    expect(canTransition(workflow, 'in_progress', 'accepted', 'agent')).toMatchObject({ reason: 'unknown_status' });
    expect(canTransition(workflow, 'submitted', 'in_progress', 'agent')).toMatchObject({ ok: true });
  });

  it('replaces who may decide', () => {
    const workflow = resolveWorkflow({
      decisionRequired: true,
      removeTransitions: [{ from: 'awaiting_decision', to: 'accepted' }],
      addTransitions: [{ from: 'awaiting_decision', to: 'accepted', roles: ['commune_admin'] }],
    });
    expect(canTransition(workflow, 'awaiting_decision', 'accepted', 'commune_admin')).toMatchObject({ ok: true });
    expect(canTransition(workflow, 'awaiting_decision', 'accepted', 'service_manager')).toMatchObject({ reason: 'forbidden_role' });
  });

  it('adds a move, with its own roles and motive', () => {
    const workflow = resolveWorkflow({
      addTransitions: [{ from: 'submitted', to: 'awaiting_decision', roles: ['agent'], reasonRequired: true }],
    });
    expect(canTransition(workflow, 'submitted', 'awaiting_decision', 'agent')).toMatchObject({ reason: 'reason_required' });
    expect(canTransition(workflow, 'submitted', 'awaiting_decision', 'agent', { comment: 'Dossier complet.' })).toMatchObject({ ok: true });
  });

  it('needs no motive when one of the rules granting the role needs none', () => {
    const workflow = resolveWorkflow({
      addTransitions: [{ from: 'done', to: 'in_progress', roles: ['service_manager'] }],
    });
    expect(canTransition(workflow, 'done', 'in_progress', 'service_manager')).toMatchObject({ ok: true });
  });

  it('is the default workflow without overrides', () => {
    expect(resolveWorkflow({})).toEqual(resolveWorkflow());
    expect(resolveWorkflow().decisionRequired).toBe(false);
  });
});

describe('workflowSchema refuses', () => {
  it('unknown statuses and roles', () => {
    expect(refusal({ withoutStatuses: ['archived'] })).toEqual(['Statut inconnu : « archived ».']);
    expect(refusal({ addTransitions: [{ from: 'submited', to: 'done', roles: ['agent'] }] })).toEqual(['Statut inconnu : « submited ».']);
    expect(refusal({ addTransitions: [{ from: 'submitted', to: 'done', roles: ['maire'] }] })).toEqual(['Rôle inconnu : « maire ».']);
  });

  it('removing the arrival or the processing status', () => {
    expect(refusal({ withoutStatuses: ['submitted'] })).toEqual([
      'Les statuts « Déposée » et « En cours de traitement » ne peuvent pas être retirés.',
    ]);
  });

  it('a decision step without its status', () => {
    expect(refusal({ decisionRequired: true, withoutStatuses: ['awaiting_decision'] })).toEqual([
      'Une procédure avec décision garde le statut « En attente de décision ».',
    ]);
  });

  it('removing a move that does not exist', () => {
    expect(refusal({ removeTransitions: [{ from: 'submitted', to: 'awaiting_decision' }] })).toEqual([
      'Le passage de « Déposée » à « En attente de décision » n’existe pas dans le circuit par défaut.',
    ]);
  });

  it('added moves that go nowhere, use a removed status, skip the decision or refuse without motive', () => {
    expect(refusal({ addTransitions: [{ from: 'done', to: 'done', roles: ['agent'] }] })).toEqual([
      'Le passage de « Traitée » à « Traitée » ne change pas de statut.',
    ]);
    expect(refusal({ withoutStatuses: ['acknowledged'], addTransitions: [{ from: 'acknowledged', to: 'done', roles: ['agent'] }] })).toEqual([
      'Le passage de « Prise en compte » à « Traitée » utilise le statut « Prise en compte », retiré de cette procédure.',
    ]);
    expect(refusal({ decisionRequired: true, addTransitions: [{ from: 'in_progress', to: 'done', roles: ['agent'] }] })).toEqual([
      'Le passage de « En cours de traitement » à « Traitée » contourne la décision requise.',
    ]);
    expect(refusal({ addTransitions: [{ from: 'awaiting_decision', to: 'rejected', roles: ['commune_admin'] }] })).toEqual([
      'Le passage de « En attente de décision » à « Refusée » doit être motivé auprès du demandeur (reasonRequired).',
    ]);
  });

  it('a status no request can reach any more', () => {
    const cut = ['submitted', 'acknowledged', 'in_progress'].map((from) => ({ from, to: 'waiting_citizen' }));
    expect(refusal({ removeTransitions: cut })).toEqual(['Le statut « Complément demandé » n’est plus accessible depuis « Déposée ».']);
  });

  it('a workflow where requests can no longer be closed', () => {
    expect(refusal({ withoutStatuses: ['accepted', 'done', 'rejected', 'closed_without_action'] })).toEqual([
      'Une demande au statut « Déposée » ne peut plus être close.',
      'Une demande au statut « Prise en compte » ne peut plus être close.',
      'Une demande au statut « En cours de traitement » ne peut plus être close.',
      'Une demande au statut « Complément demandé » ne peut plus être close.',
      'Une demande au statut « En attente de décision » ne peut plus être close.',
    ]);
  });

  it('misspelt properties', () => {
    expect(workflowSchema.safeParse({ decisionRequierd: true }).success).toBe(false);
  });

  it('and resolveWorkflow throws on what the schema refuses', () => {
    expect(() => resolveWorkflow({ withoutStatuses: ['submitted'] } as never)).toThrow();
  });
});
