import { useNavigate, useParams } from '@solidjs/router';
import { createEffect, createResource, createSignal, on, onCleanup, Show } from 'solid-js';
import { api } from '../../api.ts';
import { LoadFailure } from '../../components/problem-message.tsx';
import { PortalPage } from '../citizen/portal-page.tsx';
import { statusLabel } from './request-format.ts';
import { RequestView, type RequestAccess } from './request-view.tsx';
import { Breadcrumb } from '../../components/breadcrumb.tsx';

type Loaded = { kind: 'found'; request: Awaited<ReturnType<typeof loadRequest>> } | { kind: 'not_found' };

async function loadRequest(id: string) {
  const response = await api.demandes[':id'].$get({ param: { id } });
  if (!response.ok) throw Object.assign(new Error(`request ${response.status}`), { status: response.status });
  return response.json();
}

/**
 * /mes-demandes/:id: one request of the signed-in citizen, kept up to date without a reload: the
 * server's event stream says when the commune acts, and the page reads the request again.
 */
export function RequestPage() {
  const params = useParams<{ id: string }>();
  const navigate = useNavigate();
  const signInFirst = () => navigate(`/connexion?retour=${encodeURIComponent(`/mes-demandes/${params.id}`)}`, { replace: true });
  const [loaded, { refetch }] = createResource(
    () => params.id,
    async (id): Promise<Loaded | undefined> => {
      try {
        return { kind: 'found', request: await loadRequest(id) };
      } catch (error) {
        const status = (error as { status?: number }).status;
        if (status === 401) return void signInFirst();
        if (status === 404 || status === 422) return { kind: 'not_found' };
        throw error;
      }
    },
  );
  const [files, { refetch: refetchFiles }] = createResource(
    () => params.id,
    async (id) => {
      const response = await api.demandes[':id']['pieces-jointes'].$get({ param: { id } });
      return response.ok ? (await response.json()).attachments : [];
    },
  );
  const [news, setNews] = createSignal('');
  const request = () => {
    const current = loaded.latest;
    return current?.kind === 'found' ? current.request : undefined;
  };
  const refresh = () => {
    void refetch();
    void refetchFiles();
  };

  createEffect(
    on(
      () => request()?.id,
      (id) => {
        if (!id) return;
        const stream = new EventSource(`/api/demandes/${id}/flux`);
        stream.addEventListener('demande', (event) => {
          const live = JSON.parse((event as MessageEvent<string>).data) as { status: string; history: unknown[] };
          const shown = request();
          if (shown && (live.status !== shown.status || live.history.length !== shown.history.length)) {
            if (live.status !== shown.status) setNews(`Nouveau statut de votre demande : ${statusLabel(live.status)}.`);
            refresh();
          }
        });
        onCleanup(() => stream.close());
      },
    ),
  );

  const access = (id: string): RequestAccess => ({
    fileUrl: (attachmentId) => `/api/demandes/${id}/pieces-jointes/${attachmentId}`,
    uploadUrl: '/api/pieces-jointes',
    reply: (message, headers) => api.demandes[':id'].messages.$post({ param: { id }, json: message }, { headers }),
    withdraw: (reason) => api.demandes[':id'].retrait.$post({ param: { id }, json: { reason } }),
    reopen: (comment) => api.demandes[':id'].reouverture.$post({ param: { id }, json: { comment } }),
    rate: (rating) => api.demandes[':id'].avis.$post({ param: { id }, json: rating }),
  });

  const title = () => {
    const current = request();
    return current ? `${current.procedure.title} – ${current.reference}` : 'Ma demande';
  };

  return (
    <PortalPage title={title()}>
      <Breadcrumb trail={[{ label: 'Mes demandes', href: '/mes-demandes' }]} current={request()?.reference ?? 'Ma demande'} />
      <p role="status" class="visually-hidden">
        {news()}
      </p>
      <Show when={!loaded.error} fallback={<LoadFailure what="La demande" retry={refresh} />}>
        <Show when={loaded.latest?.kind !== 'not_found'} fallback={<RequestNotFound />}>
          <Show when={request()} fallback={<p role="status">Chargement de votre demande…</p>}>
            {(current) => <RequestView request={current()} files={files.latest ?? []} access={access(current().id)} onChanged={refresh} />}
          </Show>
        </Show>
      </Show>
    </PortalPage>
  );
}

function RequestNotFound() {
  return (
    <>
      <p>Cette demande n’existe pas, ou elle n’a pas été déposée avec votre compte sur ce portail.</p>
      <p>
        <a href="/mes-demandes">Voir mes demandes</a>
      </p>
    </>
  );
}
