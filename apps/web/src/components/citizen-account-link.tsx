import { Show } from 'solid-js';
import { useCitizenSession } from '../citizen-session.ts';
import { useSite } from '../site-context.tsx';

/** "Se connecter" or "Mon compte" in a commune portal's header; nothing on an EPCI console. */
export function CitizenAccountLink() {
  const site = useSite();
  return (
    <Show when={site().kind === 'commune'}>
      <AccountLink />
    </Show>
  );
}

function AccountLink() {
  const { session } = useCitizenSession();
  return (
    <nav aria-label="Mon espace" class="citizen-nav">
      <Show when={session()} fallback={<span />}>
        {(current) => (
          <Show when={current().signedIn} fallback={<a href="/connexion">Se connecter</a>}>
            <a href="/mon-compte">Mon compte</a>
          </Show>
        )}
      </Show>
    </nav>
  );
}
