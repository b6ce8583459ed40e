import { For, Show } from 'solid-js';
import { StaffPage } from '../../components/staff-page.tsx';
import { AgentNav } from './agent-nav.tsx';
import { useSignedInAgent } from './signed-in-agent.ts';

const pages = [
  { href: '/agent/administration/agents', title: 'Agents', text: 'Inviter, changer un rôle, désactiver un compte, fermer des sessions.' },
  { href: '/agent/administration/services', title: 'Services', text: 'Créer, renommer, décrire les services et choisir leurs agents.' },
  { href: '/agent/administration/commune', title: 'Présentation', text: 'Couleurs du portail, slogan, coordonnées et horaires de la mairie.' },
  { href: '/agent/administration/demarches', title: 'Démarches', text: 'Textes, service, délai, publication et formulaire de chaque démarche.' },
  { href: '/agent/administration/calendrier', title: 'Calendrier', text: 'Jours fériés, jours de fermeture et délai d’accusé de réception : ce que comptent les échéances.' },
  { href: '/agent/administration/modeles', title: 'Modèles de réponse', text: 'Les textes dont les agents partent pour écrire aux usagers.' },
  { href: '/agent/administration/open311', title: 'Clés Open311', text: 'Les applications de signalement autorisées à déposer des demandes.' },
  { href: '/agent/administration/journal', title: 'Journal des accès', text: 'Connexions, échecs, et chaque changement fait ici.' },
] as const;

/** /agent/administration: what a commune administrator keeps, one page each. */
export function Administration() {
  const me = useSignedInAgent();
  return (
    <Show when={me()} fallback={<p class="wrap" role="status">Chargement…</p>}>
      <StaffPage title="Administration de la commune" tagline="Administration" nav={<AgentNav role="commune_admin" />}>
        <ul class="admin-pages">
          <For each={pages}>
            {(page) => (
              <li class="card">
                <h2>
                  <a href={page.href}>{page.title}</a>
                </h2>
                <p>{page.text}</p>
              </li>
            )}
          </For>
        </ul>
      </StaffPage>
    </Show>
  );
}
