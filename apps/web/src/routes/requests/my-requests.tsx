import { useNavigate } from '@solidjs/router';
import { createResource, For, Match, Show, Switch } from 'solid-js';
import { api, type CitizenRequestSummary } from '../../api.ts';
import { dayInWords } from '../../components/forms/french-dates.ts';
import { useCommune } from '../../site-context.tsx';
import { PortalPage } from '../citizen/portal-page.tsx';
import { statusTone } from './request-format.ts';
import { LoadFailure } from '../../components/problem-message.tsx';
import { ofCommune } from '@guichet/tenants/commune-name';

/**
 * /mes-demandes: the signed-in citizen's requests in this commune, those with unread news from
 * the commune first, then the most recently active.
 */
export function MyRequests() {
  const navigate = useNavigate();
  const commune = useCommune();
  const [requests, { refetch }] = createResource(async () => {
    const response = await api.demandes.$get();
    if (response.status === 401) {
      navigate(`/connexion?retour=${encodeURIComponent('/mes-demandes')}`, { replace: true });
      return undefined;
    }
    if (!response.ok) throw new Error(`requests ${response.status}`);
    return (await response.json()).requests;
  });
  return (
    <PortalPage title="Mes demandes">
      <Switch fallback={<p role="status">Chargement de vos demandes…</p>}>
        <Match when={requests.error}>
          <LoadFailure what="La liste de vos demandes" retry={() => void refetch()} />
        </Match>
        <Match when={requests()?.length === 0}>
          <p>Vous n’avez encore fait aucune demande en ligne auprès de la mairie {ofCommune(commune().name)}.</p>
          <p>
            <a class="button" href="/demarches">
              Voir les démarches en ligne
            </a>
          </p>
        </Match>
        <Match when={requests()}>
          {(list) => (
            <>
              <p class="lead">
                {list().length} {list().length > 1 ? 'demandes' : 'demande'} auprès de la mairie {ofCommune(commune().name)}, celles qui ont du nouveau
                d’abord.
              </p>
              <ul class="request-list">
                <For each={list()}>{(request) => <RequestLine request={request} />}</For>
              </ul>
            </>
          )}
        </Match>
      </Switch>
      <StartedRequests />
      <p class="hint">
        Une demande faite sans compte se suit par le lien reçu par e-mail. <a href="/suivi">Recevoir à nouveau mes liens de suivi</a>
      </p>
    </PortalPage>
  );
}

function RequestLine(props: { request: CitizenRequestSummary }) {
  const request = () => props.request;
  return (
    <li class="request-card" classList={{ 'request-card--news': request().unreadMessages > 0 }}>
      <h2 class="request-card__title">
        <a href={`/mes-demandes/${request().id}`}>{request().procedure}</a>
      </h2>
      <p class="request-card__meta">
        <span class={`status-badge status-badge--${statusTone(request().status)}`}>{request().statusLabel}</span>{' '}
        <span class="reference">{request().reference}</span>
        <Show when={request().unreadMessages > 0}>
          {' '}
          <strong class="news-badge">
            {request().unreadMessages} {request().unreadMessages > 1 ? 'nouvelles non lues' : 'nouvelle non lue'}
          </strong>
        </Show>
      </p>
      <p class="request-card__summary">{request().summary}</p>
      <p class="hint">
        Déposée le {dayInWords(new Date(request().filedAt), { weekday: false })} ·{' '}
        <Show when={request().closedAt} fallback={<>réponse au plus tard le {dayInWords(new Date(request().dueAt), { weekday: false })}</>}>
          {(closedAt) => <>close le {dayInWords(new Date(closedAt()), { weekday: false })}</>}
        </Show>{' '}
        · dernière activité le {dayInWords(new Date(request().lastActivityAt), { weekday: false })}
      </p>
    </li>
  );
}

/** Requests begun and not sent (drafts), each to resume where it was left. */
function StartedRequests() {
  const [drafts] = createResource(async () => {
    const response = await api.brouillons.$get();
    return response.ok ? (await response.json()).drafts : [];
  });
  return (
    <Show when={drafts()?.length}>
      <section aria-labelledby="brouillons-titre">
        <h2 id="brouillons-titre">Demandes commencées</h2>
        <ul class="request-list">
          <For each={drafts()}>
            {(draft) => (
              <li class="request-card">
                <h3 class="request-card__title">
                  <a href={`/demarches/${draft.procedure}/demande`}>
                    Reprendre : {draft.title}
                  </a>
                </h3>
                <p class="hint">
                  Enregistrée le {dayInWords(new Date(draft.updatedAt), { weekday: false })}, gardée jusqu’au{' '}
                  {dayInWords(new Date(draft.expiresAt), { weekday: false })}.
                </p>
              </li>
            )}
          </For>
        </ul>
      </section>
    </Show>
  );
}
