import { onMount, Show } from 'solid-js';
import type { FiledRequest, Procedure } from '../../api.ts';
import { dayInWords } from '../../components/forms/french-dates.ts';
import { feeText } from '../catalogue/catalogue-format.ts';
import { ofCommune } from '@guichet/tenants/commune-name';

/**
 * After a filing: the reference, the answer date the commune committed to, in words, what
 * happens next, and where to follow the request. The title takes the focus, so that a screen
 * reader announces the outcome.
 */
export function FilingConfirmation(props: {
  procedure: Procedure;
  commune: string;
  filed: FiledRequest;
  email: string | undefined;
  signedIn: boolean;
}) {
  let heading: HTMLHeadingElement | undefined;
  onMount(() => heading?.focus());
  return (
    <div class="filing-confirmation">
      <h1 tabindex="-1" ref={heading}>
        Votre demande est envoyée
      </h1>
      <div class="notice notice--success">
        <p>
          La mairie {ofCommune(props.commune)} a bien reçu votre demande « {props.procedure.title} ».
        </p>
        <p>
          Référence : <strong class="reference">{props.filed.reference}</strong>
        </p>
      </div>
      <p class="lead">
        Elle vous répondra <strong>au plus tard le {dayInWords(new Date(props.filed.dueAt))}</strong>.
      </p>
      <h2>Et maintenant ?</h2>
      <ol class="next-steps">
        <li>
          Un accusé de réception vous est envoyé par e-mail{props.email ? ` à ${props.email}` : ''}, avec la référence de votre demande.
        </li>
        <li>Le service {props.procedure.service.name} l’étudie. S’il lui manque une information, il vous écrit.</li>
        <li>Vous êtes prévenu par e-mail à chaque étape, jusqu’à la réponse.</li>
      </ol>
      <Show when={props.procedure.feeCents}>
        <p>
          Cette démarche est payante ({feeText(props.procedure.feeCents).toLocaleLowerCase('fr')}) : la mairie vous indiquera comment
          régler.
        </p>
      </Show>
      <Show
        when={props.signedIn}
        fallback={<p>Conservez la référence : elle vous sera demandée si vous contactez la mairie au sujet de cette demande.</p>}
      >
        <p>
          <a class="button" href={`/mes-demandes/${props.filed.id}`}>
            Suivre ma demande
          </a>
        </p>
      </Show>
      <p>
        <a href="/demarches">Faire une autre démarche</a>
      </p>
    </div>
  );
}
