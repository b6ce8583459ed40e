import { Show } from 'solid-js';
import type { RequestDetail, RequestFile } from '../../api.ts';
import { AnswersReview } from '../../components/forms/answers-review.tsx';
import { dayInWords } from '../../components/forms/french-dates.ts';
import { RatingForm, ReopenAction, WithdrawAction } from './closing-actions.tsx';
import { ReplyForm } from './reply-form.tsx';
import { ratedSinceClosure, statusTone } from './request-format.ts';
import { RequestTimeline } from './request-timeline.tsx';
import { storedAnswers } from './stored-answers.ts';

/** What the page may do with the request: signed-in citizens can also attach, withdraw, reopen and rate. */
export type RequestAccess = {
  fileUrl: (attachmentId: string) => string;
  reply: (message: { body: string; attachmentIds: string[] }, headers: Record<string, string>) => Promise<Response>;
  uploadUrl?: string;
  withdraw?: (reason: string) => Promise<Response>;
  reopen?: (comment: string) => Promise<Response>;
  rate?: (rating: { rating: number; comment?: string }) => Promise<Response>;
};

/**
 * A request as its citizen follows it: where it stands and by when the commune answers, the
 * conversation, what the citizen may do now, and what they filed.
 */
export function RequestView(props: { request: RequestDetail; files: readonly RequestFile[]; access: RequestAccess; onChanged: () => void }) {
  const closed = () => props.request.closedAt !== null;
  const waiting = () => props.request.status === 'waiting_citizen';
  return (
    <>
      <section class="request-status" aria-labelledby="etat-titre">
        <h2 id="etat-titre" class="visually-hidden">
          Où en est ma demande
        </h2>
        <p>
          Référence : <strong class="reference">{props.request.reference}</strong>
        </p>
        <p>
          Statut : <span class={`status-badge status-badge--${statusTone(props.request.status)}`}>{props.request.statusLabel}</span>
        </p>
        <Show
          when={closed()}
          fallback={
            <p>
              <Show when={!props.request.clockPaused} fallback="Le délai de réponse est suspendu en attendant votre réponse.">
                Réponse au plus tard le <strong>{dayInWords(new Date(props.request.dueAt))}</strong>.
              </Show>
            </p>
          }
        >
          <p>Close le {dayInWords(new Date(props.request.closedAt!))}.</p>
        </Show>
        <p class="hint">
          Déposée le {dayInWords(new Date(props.request.filedAt))} · suivie par le service {props.request.service}
        </p>
      </section>
      <Show when={waiting()}>
        <p class="notice notice--warning">
          <strong>La mairie attend votre réponse.</strong> Lisez son dernier message ci-dessous et répondez-lui.
        </p>
      </Show>
      <section aria-labelledby="historique-titre">
        <h2 id="historique-titre">Échanges et historique</h2>
        <RequestTimeline history={props.request.history} files={props.files} fileUrl={props.access.fileUrl} />
      </section>
      <Show when={!closed()}>
        <ReplyForm awaited={waiting()} uploadUrl={props.access.uploadUrl} send={props.access.reply} onSent={props.onChanged} />
      </Show>
      <Show when={closed() && props.access.rate && !ratedSinceClosure(props.request.history)}>
        <RatingForm send={props.access.rate!} onDone={props.onChanged} />
      </Show>
      <Show when={props.request.reopenableUntil && props.access.reopen}>
        <ReopenAction until={props.request.reopenableUntil!} send={props.access.reopen!} onDone={props.onChanged} />
      </Show>
      <Show when={props.request.withdrawable && props.access.withdraw}>
        <WithdrawAction send={props.access.withdraw!} onDone={props.onChanged} />
      </Show>
      <FiledAnswers request={props.request} files={props.files} />
    </>
  );
}

/** What the citizen filed, read with the form they filed it with (labels, choices in words, files by name). */
function FiledAnswers(props: { request: RequestDetail; files: readonly RequestFile[] }) {
  return (
    <section class="card" aria-labelledby="contenu-demande-titre">
      <h2 id="contenu-demande-titre">Ma demande</h2>
      <Show when={props.request.address}>
        <p>Adresse : {props.request.address}</p>
      </Show>
      <AnswersReview fields={props.request.form.fields} answers={storedAnswers(props.request.form.fields, props.request.data, props.files)} />
    </section>
  );
}
