import { describe, expect, it } from 'vitest';
import { amendDefinition, parseProcedureDefinition, type ParsedProcedureDefinition } from '../src/index.ts';

/** A small but complete incident report, as a tenant file would declare it. */
function report(overrides: Record<string, unknown> = {}) {
  return {
    title: 'Signaler un nid-de-poule',
    summary: 'Un trou dans la chaussée ou sur un trottoir de la commune.',
    description: 'Les services techniques interviennent pour sécuriser puis reboucher.',
    steps: ['Décrivez le problème', 'Placez-le sur la carte'],
    form: {
      fields: [
        { kind: 'choice', key: 'nature', label: 'Nature', required: true, options: [{ value: 'chaussee', label: 'Chaussée' }, { value: 'trottoir', label: 'Trottoir' }] },
        { kind: 'yesno', key: 'danger', label: 'Danger immédiat ?' },
        { kind: 'address', key: 'lieu', label: 'Lieu', required: true, requireCoordinates: true },
        { kind: 'file', key: 'photo', label: 'Photo', accept: ['image/*'] },
      ],
    },
    delayDays: 10,
    retentionDays: 365,
    open311: true,
    anonymousAllowed: true,
    ...overrides,
  };
}

function parsed(input: unknown): ParsedProcedureDefinition {
  const result = parseProcedureDefinition(input);
  if (!result.ok) throw new Error(`refused: ${JSON.stringify(result.errors)}`);
  return result.definition;
}

/** The French messages of a refused definition, by dotted path. */
function refusal(input: unknown): Record<string, string> {
  const result = parseProcedureDefinition(input);
  if (result.ok) throw new Error('expected the definition to be refused');
  return Object.fromEntries(result.errors.map((error) => [error.path.join('.'), error.message]));
}

describe('procedure definitions', () => {
  it('fills in every default, so the stored definition needs no interpretation', () => {
    const definition = parsed(report());
    expect(definition).toMatchObject({
      requiredDocuments: [],
      routing: [],
      pauseMode: 'continue',
      decisionRequired: false,
      restricted: false,
      feeCents: null,
      workflow: { decisionRequired: false, withoutStatuses: [], removeTransitions: [], addTransitions: [] },
    });
    expect(definition.requiredDocuments).toEqual([]);
    expect(parsed(definition)).toEqual(definition);
  });

  it('names each missing or wrong field in French', () => {
    const errors = refusal({ ...report(), title: 'A', steps: [], delayDays: 2.5, retentionDays: undefined, colour: 'bleu' });
    expect(errors).toMatchObject({
      title: 'Titre : 3 caractères au moins.',
      steps: 'Indiquez au moins une étape.',
      delayDays: 'Délai : un nombre entier de jours ouvrés est attendu.',
      retentionDays: 'Durée de conservation : un nombre entier de jours est attendu.',
    });
    expect(errors['']).toMatch(/colour/);
  });

  it('reports form problems at their path inside the form', () => {
    const errors = refusal(report({ form: { fields: [{ kind: 'text', key: 'Nom', label: 'Nom' }] } }));
    expect(Object.keys(errors)).toEqual(['form.fields.0.key']);
  });

  it('refuses an Open311 service without a located address', () => {
    const fields = report().form.fields.filter((field) => field.kind !== 'address');
    expect(refusal(report({ form: { fields } }))).toEqual({
      open311: 'Un service Open311 demande un champ adresse avec coordonnées (kind: address, requireCoordinates: true).',
    });
  });

  it('refuses routing rules on unknown fields, impossible values and unroutable kinds', () => {
    const errors = refusal(
      report({
        routing: [
          { when: { field: 'inconnu', equals: 'x' }, service: 'voirie' },
          { when: { field: 'nature', equals: 'pelouse' }, service: 'espaces-verts' },
          { when: { field: 'danger', equals: 'oui' }, service: 'astreinte' },
          { when: { field: 'lieu', equals: 'Place' }, service: 'voirie' },
          { when: { field: 'nature', equals: 'trottoir' } },
        ],
      }),
    );
    expect(errors).toEqual({
      'routing.4': 'Règle d’aiguillage invalide : { when: { field, equals }, service } ou { when: { sector }, service }.',
    });
    const semantic = refusal(
      report({
        routing: [
          { when: { field: 'inconnu', equals: 'x' }, service: 'voirie' },
          { when: { field: 'nature', equals: 'pelouse' }, service: 'espaces-verts' },
          { when: { field: 'danger', equals: 'oui' }, service: 'astreinte' },
          { when: { field: 'lieu', equals: 'Place' }, service: 'voirie' },
        ],
      }),
    );
    expect(semantic).toEqual({
      'routing.0.when': 'Le formulaire n’a pas de champ « inconnu ».',
      'routing.1.when': '« pelouse » n’est pas une option du champ « nature ».',
      'routing.2.when': 'Le champ « danger » se compare à true ou false.',
      'routing.3.when': 'Le champ « lieu » (address) ne peut pas aiguiller une demande.',
    });
  });

  it('accepts field and sector rules that can hold', () => {
    const definition = parsed(
      report({
        routing: [
          { when: { field: 'danger', equals: true }, service: 'astreinte' },
          { when: { sector: 'centre-ville' }, service: 'police-municipale' },
        ],
      }),
    );
    expect(definition.routing).toHaveLength(2);
  });

  it('carries the decision step into the workflow, and refuses a workflow that contradicts it', () => {
    expect(parsed(report({ decisionRequired: true })).workflow).toMatchObject({ decisionRequired: true });
    expect(refusal(report({ decisionRequired: true, workflow: { decisionRequired: false } }))).toEqual({
      'workflow.decisionRequired': 'Contredit decisionRequired de la démarche : retirez-le du circuit, la démarche le fixe.',
    });
    expect(refusal(report({ decisionRequired: true, workflow: { withoutStatuses: ['awaiting_decision'] } }))).toEqual({
      workflow: 'Une procédure avec décision garde le statut « En attente de décision ».',
    });
    expect(refusal(report({ workflow: { withoutStatuses: ['submitted'] } }))).toMatchObject({
      'workflow.withoutStatuses.0': 'Les statuts « Déposée » et « En cours de traitement » ne peuvent pas être retirés.',
    });
  });

  it('refuses a negative fee and a pause mode it does not know', () => {
    expect(Object.keys(refusal(report({ feeCents: -100, pauseMode: 'stop' })))).toEqual(['pauseMode', 'feeCents']);
  });

  it('amends a definition field by field, and a new decision step reaches the workflow', () => {
    const template = parsed(report());
    const adapted = amendDefinition(template, { delayDays: 3, decisionRequired: true, title: undefined });
    expect(adapted.ok && adapted.definition).toMatchObject({
      title: 'Signaler un nid-de-poule',
      delayDays: 3,
      decisionRequired: true,
      workflow: { decisionRequired: true },
    });
    const broken = amendDefinition(template, { open311: true, form: { fields: [{ kind: 'text', key: 'texte', label: 'Texte' }] } });
    expect(broken.ok ? [] : broken.errors.map((error) => error.path.join('.'))).toEqual(['open311']);
  });
});
