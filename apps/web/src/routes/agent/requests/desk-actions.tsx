import { createSignal, For, Show } from 'solid-js';
import { statuses, type StatusKey } from '@guichet/workflow/statuses';
import { api, type AgentMe, type AgentRequestDetail } from '../../../api.ts';
import { createForm, FormProblem } from '../../citizen/form-fields.tsx';
import { deskChange } from './desk-change.ts';
import { DeskWriting } from './desk-writing.tsx';

type Props = { request: AgentRequestDetail; agent: AgentMe; processes: boolean; onChanged: (news?: string) => void };

/**
 * What the agent can do now: take the request, move it where the workflow allows (awaiting a
 * decision, the decision itself for those who decide), write to the citizen, note. An elected
 * official only decides.
 */
export function DeskActions(props: Props) {
  const deciding = () => props.request.status === 'awaiting_decision' && (props.request.transitions ?? []).length > 0;
  return (
    <section class="card" aria-labelledby="actions-titre">
      <h2 id="actions-titre">{deciding() ? 'Décider' : 'Traiter la demande'}</h2>
      <Show when={props.processes && !props.request.closedAt && props.request.assigneeId !== props.agent.id}>
        <TakeButton {...props} />
      </Show>
      <Show
        when={(props.request.transitions ?? []).length > 0}
        fallback={<Show when={!props.processes}><p>Cette demande n’attend pas de décision.</p></Show>}
      >
        <StatusForm {...props} deciding={deciding()} />
      </Show>
      <Show when={props.processes}>
        <DeskWriting request={props.request} onChanged={props.onChanged} />
      </Show>
    </section>
  );
}

function TakeButton(props: Props) {
  const form = createForm();
  const { seen, act } = deskChange(() => props.request, () => props.onChanged());
  function take() {
    act(
      form,
      () => api.agent.demandes[':id'].attribution.$post({ param: { id: props.request.id }, header: seen(), json: { assigneeId: props.agent.id } }),
      () => props.onChanged('Vous avez pris la demande.'),
    );
  }
  return (
    <>
      <FormProblem form={form} fields={{}} />
      <p>
        <button type="button" class="button button--secondary" onClick={take} disabled={form.busy()}>
          Prendre la demande
        </button>
      </p>
    </>
  );
}

function StatusForm(props: Props & { deciding: boolean }) {
  const form = createForm();
  const { seen, act } = deskChange(() => props.request, () => props.onChanged());
  const [chosen, setChosen] = createSignal('');
  const [comment, setComment] = createSignal('');
  const reasonRequired = () => props.request.transitions?.find((move) => move.to === chosen())?.reasonRequired ?? false;
  function move(event: SubmitEvent) {
    event.preventDefault();
    const to = chosen() as StatusKey;
    act(
      form,
      () => api.agent.demandes[':id'].statut.$post({ param: { id: props.request.id }, header: seen(), json: { status: to, ...(comment().trim() ? { comment: comment().trim() } : {}) } }),
      () => {
        setChosen('');
        setComment('');
        props.onChanged(`Statut : ${statuses[to].label}.`);
      },
    );
  }
  return (
    <form class="form" onSubmit={move} novalidate>
      <FormProblem form={form} fields={{ comment: 'desk-commentaire' }} />
      <fieldset>
        <legend>{props.deciding ? 'Votre décision' : 'Changer le statut'}</legend>
        <For each={props.request.transitions}>
          {(transition) => (
            <div class="choice">
              <input type="radio" id={`desk-vers-${transition.to}`} name="desk-statut" value={transition.to} checked={chosen() === transition.to} onChange={() => setChosen(transition.to)} />
              <label for={`desk-vers-${transition.to}`}>
                {transition.label}
                {transition.to === 'waiting_citizen' ? ' : demander un complément à l’usager (le délai est suspendu)' : ''}
                {transition.reasonRequired ? ' (motif obligatoire)' : ''}
              </label>
            </div>
          )}
        </For>
      </fieldset>
      <div class="field">
        <label for="desk-commentaire">{reasonRequired() ? 'Motif, adressé à l’usager (obligatoire)' : chosen() === 'waiting_citizen' ? 'Commentaire adressé à l’usager : ce qu’il doit fournir' : 'Commentaire adressé à l’usager (facultatif)'}</label>
        <textarea id="desk-commentaire" rows={3} value={comment()} onInput={(event) => setComment(event.currentTarget.value)} />
      </div>
      <button type="submit" class="button" disabled={!chosen() || form.busy()}>
        {props.deciding ? 'Enregistrer la décision' : 'Appliquer'}
      </button>
    </form>
  );
}
