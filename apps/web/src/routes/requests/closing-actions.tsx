import { createSignal, For, Show } from 'solid-js';
import { dayInWords } from '../../components/forms/french-dates.ts';
import { createForm, FormProblem } from '../citizen/form-fields.tsx';

/**
 * A decision the citizen writes down before acting (withdrawing, reopening): folded until asked
 * for, so that it is never pressed by mistake; the text is required and kept in the history.
 */
function ReasonedAction(props: {
  id: string;
  title: string;
  explanation: string;
  label: string;
  field: string;
  submitLabel: string;
  danger?: boolean;
  send: (text: string) => Promise<Response>;
  onDone: () => void;
}) {
  const form = createForm();
  const [text, setText] = createSignal('');
  const error = () => form.fieldError(props.field);
  function submit(event: SubmitEvent) {
    event.preventDefault();
    void form.submit(() => props.send(text()), props.onDone);
  }
  return (
    <details class="card disclosure">
      <summary>{props.title}</summary>
      <p>{props.explanation}</p>
      <form class="form" onSubmit={submit} novalidate>
        <FormProblem form={form} fields={{ [props.field]: props.id }} />
        <div class="field" classList={{ 'field--invalid': Boolean(error()) }}>
          <label for={props.id}>{props.label}</label>
          <Show when={error()}>
            <p id={`${props.id}-erreur`} class="field-error">
              {error()}
            </p>
          </Show>
          <textarea
            id={props.id}
            rows="3"
            required
            aria-invalid={error() ? 'true' : undefined}
            aria-describedby={error() ? `${props.id}-erreur` : undefined}
            value={text()}
            onInput={(event) => setText(event.currentTarget.value)}
          />
        </div>
        <button type="submit" class="button" classList={{ 'button--danger': props.danger }} disabled={form.busy()}>
          {props.submitLabel}
        </button>
      </form>
    </details>
  );
}

export function WithdrawAction(props: { send: (reason: string) => Promise<Response>; onDone: () => void }) {
  return (
    <ReasonedAction
      id="retrait-motif"
      title="Retirer ma demande"
      explanation="Le service n’a pas encore commencé à traiter votre demande : vous pouvez la retirer. Elle sera classée sans suite, avec votre motif."
      label="Pourquoi retirez-vous votre demande ?"
      field="reason"
      submitLabel="Retirer la demande"
      danger
      send={props.send}
      onDone={props.onDone}
    />
  );
}

export function ReopenAction(props: { until: string; send: (comment: string) => Promise<Response>; onDone: () => void }) {
  return (
    <ReasonedAction
      id="reouverture-commentaire"
      title="Mon problème n’est pas résolu"
      explanation={`Jusqu’au ${dayInWords(new Date(props.until))}, vous pouvez rouvrir cette demande : elle revient au même service, qui dispose à nouveau du délai annoncé pour vous répondre.`}
      label="Qu’est-ce qui n’est pas résolu ?"
      field="comment"
      submitLabel="Rouvrir la demande"
      send={props.send}
      onDone={props.onDone}
    />
  );
}

const grades = ['Très insatisfait', 'Insatisfait', 'Moyennement satisfait', 'Satisfait', 'Très satisfait'];

/** 1 to 5 and an optional comment, once the request is answered (again after a reopening). */
export function RatingForm(props: { send: (rating: { rating: number; comment?: string }) => Promise<Response>; onDone: () => void }) {
  const form = createForm();
  const [rating, setRating] = createSignal<number>();
  const [comment, setComment] = createSignal('');
  function submit(event: SubmitEvent) {
    event.preventDefault();
    const chosen = rating();
    if (chosen === undefined) return form.setProblem({ title: 'Choisissez une note.', errors: [{ field: 'rating', message: 'Choisissez une note de 1 à 5.' }] });
    void form.submit(() => props.send({ rating: chosen, ...(comment().trim() ? { comment: comment() } : {}) }), props.onDone);
  }
  return (
    <section class="card" aria-labelledby="avis-titre">
      <h2 id="avis-titre">Votre avis sur le traitement de votre demande</h2>
      <form class="form" onSubmit={submit} novalidate>
        <FormProblem form={form} fields={{ rating: 'avis-1' }} />
        <fieldset class="field" classList={{ 'field--invalid': Boolean(form.fieldError('rating')) }}>
          <legend>Votre note</legend>
          <For each={grades}>
            {(grade, index) => (
              <label class="checkbox">
                <input type="radio" name="avis" id={`avis-${index() + 1}`} value={index() + 1} onChange={() => setRating(index() + 1)} /> {index() + 1} – {grade}
              </label>
            )}
          </For>
        </fieldset>
        <div class="field">
          <label for="avis-commentaire">Un commentaire (facultatif)</label>
          <textarea id="avis-commentaire" rows="3" value={comment()} onInput={(event) => setComment(event.currentTarget.value)} />
        </div>
        <button type="submit" class="button" disabled={form.busy()}>
          Donner mon avis
        </button>
      </form>
    </section>
  );
}
