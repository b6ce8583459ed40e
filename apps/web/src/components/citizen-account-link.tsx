import { useLocation, useNavigate } from '@solidjs/router';
import { Show } from 'solid-js';
import { signOutCitizen, useCitizenSession } from '../citizen-session.ts';
import { useSite } from '../site-context.tsx';

/** The citizen's navigation in a commune portal's header; nothing on an EPCI console. */
export function CitizenAccountLink() {
  const site = useSite();
  return (
    <Show when={site().kind === 'commune'}>
      <CitizenNavigation />
    </Show>
  );
}

/**
 * Signed in: the démarches, the citizen's requests, their coffre-fort, their account and signing out. Signed out:
 * the démarches and "Se connecter", which comes back to the page it was pressed on.
 */
function CitizenNavigation() {
  const { session } = useCitizenSession();
  const location = useLocation();
  const navigate = useNavigate();
  const here = () => `${location.pathname}${location.search}`;
  const current = (path: string) => (location.pathname === path || location.pathname.startsWith(`${path}/`) ? 'page' : undefined);
  const signInLink = () => (here() === '/' || here().startsWith('/connexion') ? '/connexion' : `/connexion?retour=${encodeURIComponent(here())}`);

  async function signOut() {
    const redirect = await signOutCitizen();
    if (/^https?:/.test(redirect)) window.location.assign(redirect);
    else navigate(redirect, { replace: true });
  }

  return (
    <nav aria-label="Mon espace" class="citizen-nav">
      <Show when={session()} fallback={<span />}>
        {(known) => (
          <ul>
            <li>
              <a href="/demarches" aria-current={current('/demarches')}>
                Démarches
              </a>
            </li>
            <Show
              when={known().signedIn}
              fallback={
                <li>
                  <a href={signInLink()}>Se connecter</a>
                </li>
              }
            >
              <li>
                <a href="/mes-demandes" aria-current={current('/mes-demandes')}>
                  Mes demandes
                </a>
              </li>
              <li>
                <a href="/coffre-fort" aria-current={current('/coffre-fort')}>
                  Coffre-fort
                </a>
              </li>
              <li>
                <a href="/mon-compte" aria-current={current('/mon-compte')}>
                  Mon compte
                </a>
              </li>
              <li>
                <button type="button" class="link-button" onClick={() => void signOut()}>
                  Se déconnecter
                </button>
              </li>
            </Show>
          </ul>
        )}
      </Show>
    </nav>
  );
}
