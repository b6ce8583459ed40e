import type { Draft } from '../../api.ts';
import { dayInWords } from '../../components/forms/french-dates.ts';

const time = new Intl.DateTimeFormat('fr-FR', { hour: '2-digit', minute: '2-digit', timeZone: 'Europe/Paris' });

/** An earlier draft of this procedure: resume its answers, or start again (the draft is then dropped). */
export function DraftOffer(props: { draft: Draft; onResume: () => void; onDiscard: () => void }) {
  const updated = () => new Date(props.draft.updatedAt);
  return (
    <div class="notice notice--info" role="region" aria-label="Brouillon enregistré">
      <p>
        <strong>Vous avez commencé cette demande</strong> le {dayInWords(updated())} à {time.format(updated())} : vos réponses sont enregistrées
        jusqu’au {dayInWords(new Date(props.draft.expiresAt), { weekday: false })}.
      </p>
      <p class="actions">
        <button type="button" class="button button--small" onClick={() => props.onResume()}>
          Reprendre mes réponses
        </button>
        <button type="button" class="button button--secondary button--small" onClick={() => props.onDiscard()}>
          Recommencer
        </button>
      </p>
    </div>
  );
}

/** Where the draft stands, under the step's fields. */
export function DraftStatus(props: { savedAt: Date | undefined; failed: boolean }) {
  return (
    <p class="hint draft-status" role={props.failed ? 'alert' : undefined}>
      {props.failed
        ? 'Le brouillon n’a pas pu être enregistré : vos réponses restent dans cette page.'
        : props.savedAt
          ? `Brouillon enregistré à ${time.format(props.savedAt)}.`
          : ''}
    </p>
  );
}
