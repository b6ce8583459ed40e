import { For, Index, Show } from 'solid-js';
import { AnswerValueInput, firstValue } from './answer-value-input.tsx';
import { answerless } from './field-kinds.ts';
import type { DraftField } from './form-draft.ts';

export type RoutingRule = { when: { field: string; equals: string | number | boolean } | { sector: string }; service: string };
type Choice = { slug: string; name: string };
type Props = {
  rules: readonly RoutingRule[];
  onChange: (rules: RoutingRule[]) => void;
  fields: readonly DraftField[];
  services: readonly Choice[];
  sectors: readonly Choice[];
};

/**
 * Which service receives a request: the first rule that holds (an answer of the form, or the
 * sector of the place) names it; otherwise the procedure's own service does.
 */
export function RoutingEditor(props: Props) {
  // Files and addresses carry no value to compare; routing reads the other answers of the form.
  const answerFields = () => props.fields.filter((field) => !answerless(field.kind) && field.kind !== 'file' && field.kind !== 'address');
  const replace = (index: number, rule: RoutingRule) => props.onChange(props.rules.map((current, position) => (position === index ? rule : current)));
  const byAnswer = (service: string): RoutingRule | null => {
    const field = answerFields()[0];
    return field ? { when: { field: field.key, equals: firstValue(field) }, service } : null;
  };
  const bySector = (service: string): RoutingRule | null => (props.sectors[0] ? { when: { sector: props.sectors[0].slug }, service } : null);
  const add = () => {
    const rule = byAnswer(props.services[0]?.slug ?? '') ?? bySector(props.services[0]?.slug ?? '');
    if (rule) props.onChange([...props.rules, rule]);
  };
  return (
    <section class="card" aria-labelledby="aiguillage-titre">
      <h2 id="aiguillage-titre">Aiguillage</h2>
      <p class="hint">La première règle qui s’applique choisit le service qui reçoit la demande ; sans règle applicable, c’est le service instructeur.</p>
      <ol class="routing-rules">
        {/* By position: a rule edited is a new object, and its inputs must keep the focus. */}
        <Index each={props.rules}>
          {(rule, index) => {
            const id = (part: string) => `regle-${index}-${part}`;
            const field = () => ('field' in rule().when ? answerFields().find((candidate) => candidate.key === (rule().when as { field: string }).field) : undefined);
            return (
              <li>
                <fieldset>
                  <legend>Règle {index + 1}</legend>
                  <div class="field-row">
                    <div class="field">
                      <label for={id('selon')}>Selon</label>
                      <select
                        id={id('selon')}
                        value={'sector' in rule().when ? 'secteur' : 'reponse'}
                        onChange={(event) => {
                          const next = event.currentTarget.value === 'secteur' ? bySector(rule().service) : byAnswer(rule().service);
                          if (next) replace(index, next);
                        }}
                      >
                        <option value="reponse">Une réponse du formulaire</option>
                        <Show when={props.sectors.length > 0}>
                          <option value="secteur">Le secteur du lieu</option>
                        </Show>
                      </select>
                    </div>
                    <Show
                      when={'sector' in rule().when}
                      fallback={
                        <>
                          <div class="field">
                            <label for={id('champ')}>Champ</label>
                            <select
                              id={id('champ')}
                              value={(rule().when as { field?: string }).field ?? ''}
                              onChange={(event) => {
                                const chosen = answerFields().find((candidate) => candidate.key === event.currentTarget.value);
                                if (chosen) replace(index, { when: { field: chosen.key, equals: firstValue(chosen) }, service: rule().service });
                              }}
                            >
                              <For each={answerFields()}>{(candidate) => <option value={candidate.key}>{candidate.label}</option>}</For>
                            </select>
                          </div>
                          <Show when={field()}>
                            {(current) => (
                              <AnswerValueInput
                                id={id('valeur')}
                                label="Vaut"
                                field={current()}
                                value={(rule().when as { equals: string | number | boolean }).equals}
                                onChange={(equals) => replace(index, { when: { field: current().key, equals }, service: rule().service })}
                              />
                            )}
                          </Show>
                        </>
                      }
                    >
                      <div class="field">
                        <label for={id('secteur')}>Secteur</label>
                        <select id={id('secteur')} value={(rule().when as { sector: string }).sector} onChange={(event) => replace(index, { when: { sector: event.currentTarget.value }, service: rule().service })}>
                          <For each={props.sectors}>{(sector) => <option value={sector.slug}>{sector.name}</option>}</For>
                        </select>
                      </div>
                    </Show>
                    <div class="field">
                      <label for={id('service')}>Alors le service</label>
                      <select id={id('service')} onChange={(event) => replace(index, { when: rule().when, service: event.currentTarget.value })}>
                        {/* `selected` on the option: the services arrive after the select is drawn. */}
                        <For each={props.services}>
                          {(service) => (
                            <option value={service.slug} selected={service.slug === rule().service}>
                              {service.name}
                            </option>
                          )}
                        </For>
                      </select>
                    </div>
                  </div>
                  <button type="button" class="button button--small button--secondary" onClick={() => props.onChange(props.rules.filter((_, position) => position !== index))}>
                    Retirer la règle {index + 1}
                  </button>
                </fieldset>
              </li>
            );
          }}
        </Index>
      </ol>
      <button type="button" class="button button--small button--secondary" onClick={add}>
        Ajouter une règle
      </button>
    </section>
  );
}
