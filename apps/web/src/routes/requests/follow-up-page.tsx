import { useParams } from '@solidjs/router';
import { createResource, Show } from 'solid-js';
import { api } from '../../api.ts';
import { PortalPage } from '../citizen/portal-page.tsx';
import { LoadFailure } from '../../components/problem-message.tsx';
import { RequestView, type RequestAccess } from './request-view.tsx';

/**
 * /suivi/:token: a request filed without an account, opened through the private link of its
 * e-mails: its status, the conversation and a reply box, without signing in.
 */
export function FollowUpPage() {
  const params = useParams<{ token: string }>();
  const [request, { refetch }] = createResource(
    () => params.token,
    async (token) => {
      const response = await api.suivi[':token'].$get({ param: { token } });
      if (response.status === 200) return response.json();
      if (response.status === 404 || response.status === 422) return null;
      throw new Error('the follow-up link could not be read');
    },
  );
  const [files, { refetch: refetchFiles }] = createResource(
    () => params.token,
    async (token) => {
      const response = await api.suivi[':token']['pieces-jointes'].$get({ param: { token } });
      return response.ok ? (await response.json()).attachments : [];
    },
  );
  const refresh = () => {
    void refetch();
    void refetchFiles();
  };
  const access = (token: string): RequestAccess => ({
    fileUrl: (attachmentId) => `/api/suivi/${token}/pieces-jointes/${attachmentId}`,
    reply: (message, headers) => api.suivi[':token'].messages.$post({ param: { token }, json: message }, { headers }),
  });
  const title = () => {
    const current = request.latest;
    return current ? `${current.procedure.title} – ${current.reference}` : 'Suivi de ma demande';
  };
  return (
    <PortalPage title={title()}>
      <Show when={!request.error} fallback={<LoadFailure what="La demande" retry={refresh} />}>
        <Show when={request.latest !== null} fallback={<LinkNotValid />}>
          <Show when={request.latest} fallback={<p role="status">Chargement de votre demande…</p>}>
            {(current) => (
              <>
                <p class="notice">Ce lien de suivi est personnel : ne le transmettez pas. Il vous permet de suivre votre demande et de répondre à la mairie sans compte.</p>
                <RequestView request={current()} files={files.latest ?? []} access={access(params.token)} onChanged={refresh} />
              </>
            )}
          </Show>
        </Show>
      </Show>
    </PortalPage>
  );
}

function LinkNotValid() {
  return (
    <>
      <p>Ce lien de suivi ne mène à aucune demande de ce portail. Il est peut-être incomplet (copiez-le en entier depuis l’e-mail), ou la demande n’est plus conservée.</p>
      <p>
        <a href="/suivi">Recevoir à nouveau mes liens de suivi</a>
      </p>
    </>
  );
}
