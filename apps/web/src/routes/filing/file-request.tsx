import { useParams, useSearchParams } from '@solidjs/router';
import { createResource, createSignal, Match, Show, Switch } from 'solid-js';
import type { FiledRequest } from '../../api.ts';
import { useCitizenSession } from '../../citizen-session.ts';
import { ProblemMessage } from '../../components/problem-message.tsx';
import { loadProcedure } from '../catalogue/load-procedure.ts';
import { PortalFrame } from '../catalogue/portal-frame.tsx';
import { FeeNotice } from './fee-notice.tsx';
import { FilingConfirmation } from './filing-confirmation.tsx';
import { FilingSteps } from './filing-steps.tsx';
import { SignInInvitation } from './sign-in-invitation.tsx';
import { Breadcrumb } from '../../components/breadcrumb.tsx';

/**
 * /demarches/:slug/demande: the procedure's form, step by step, then a review of every answer,
 * then the confirmation with the reference and the announced answer date. Signed out, on a
 * procedure that needs an account, an invitation to sign in that comes back here.
 */
export function FileRequest() {
  const params = useParams<{ slug: string }>();
  const [, setSearch] = useSearchParams<{ etape?: string }>();
  const [procedure] = createResource(() => params.slug, loadProcedure);
  const { session } = useCitizenSession();
  const [stepTitle, setStepTitle] = createSignal<string>();
  const [filed, setFiled] = createSignal<{ request: FiledRequest; email: string | undefined }>();
  const title = () => {
    const current = procedure();
    if (current === undefined) return 'Faire une demande';
    if (current === null) return 'Démarche introuvable';
    if (filed()) return `Demande envoyée – ${current.title}`;
    return stepTitle() ? `${stepTitle()} – ${current.title}` : current.title;
  };
  const signedIn = () => session()?.signedIn === true;

  function confirm(request: FiledRequest, email: string | undefined) {
    setFiled({ request, email });
    setSearch({ etape: undefined }, { replace: true });
  }

  return (
    <PortalFrame title={title()}>
      {(commune) => (
        <>
          <Breadcrumb
            trail={[
              { label: 'Démarches en ligne', href: '/demarches' },
              ...(procedure() ? [{ label: procedure()!.title, href: `/demarches/${procedure()!.slug}` }] : []),
            ]}
            current="Faire la demande"
          />
          <Switch fallback={<p role="status">Chargement…</p>}>
            <Match when={procedure.error}>
              <ProblemMessage problem={{ title: 'La démarche n’a pas pu être chargée.', detail: 'Vérifiez votre connexion à Internet, puis rechargez la page.' }} />
            </Match>
            <Match when={procedure.loading || !session()}>
              <p role="status">Chargement…</p>
            </Match>
            <Match when={procedure() === null}>
              <h1>Démarche introuvable</h1>
              <p>
                Cette démarche n’existe pas ou n’est plus proposée en ligne. Consultez la <a href="/demarches">liste des démarches</a>.
              </p>
            </Match>
            <Match when={filed()}>
              {(done) => (
                <FilingConfirmation procedure={procedure()!} commune={commune.name} filed={done().request} email={done().email} signedIn={signedIn()} />
              )}
            </Match>
            <Match when={procedure()}>
              {(current) => (
                <div class="filing">
                  <p class="filing__kicker">Demande en ligne</p>
                  <h1>{current().title}</h1>
                  <Show when={!current().published}>
                    <p class="notice">Cette démarche n’est pas publiée : sa demande ne peut pas encore être envoyée.</p>
                  </Show>
                  <Show when={current().feeCents}>
                    <FeeNotice feeCents={current().feeCents!} />
                  </Show>
                  <Show
                    when={signedIn() || current().anonymousAllowed}
                    fallback={<SignInInvitation returnTo={`/demarches/${current().slug}/demande`} />}
                  >
                    <Show when={!signedIn()}>
                      <p class="notice">
                        Vous pouvez faire cette demande sans compte : votre adresse e-mail vous sera demandée avant l’envoi.{' '}
                        <a href={`/connexion?retour=${encodeURIComponent(`/demarches/${current().slug}/demande`)}`}>Se connecter</a> pour la
                        retrouver ensuite dans votre espace : les réponses déjà saisies vous attendent au retour.
                      </p>
                    </Show>
                    <FilingSteps procedure={current()} anonymous={!signedIn()} onTitle={setStepTitle} onFiled={confirm} />
                  </Show>
                </div>
              )}
            </Match>
          </Switch>
        </>
      )}
    </PortalFrame>
  );
}
