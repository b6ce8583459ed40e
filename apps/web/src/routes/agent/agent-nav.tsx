import { A, useNavigate } from '@solidjs/router';
import { Show } from 'solid-js';
import { api, type AgentMe } from '../../api.ts';

/** The back office's menu, as the role allows: an elected official records nothing, only administrators administer. */
export function AgentNav(props: { role: AgentMe['role'] }) {
  const navigate = useNavigate();
  async function signOut() {
    await api.agent.auth.deconnexion.$post();
    navigate('/agent/connexion', { replace: true });
  }
  return (
    <ul>
      <li>
        <A href="/agent" end>Accueil</A>
      </li>
      <li>
        <A href="/agent/demandes" end>Demandes</A>
      </li>
      <li>
        <A href="/agent/carte">Carte</A>
      </li>
      <Show when={props.role !== 'agent'}>
        <li>
          <A href="/agent/statistiques">Statistiques</A>
        </li>
      </Show>
      <Show when={props.role !== 'elected_official'}>
        <li>
          <A href="/agent/demandes/nouvelle">Enregistrer une demande</A>
        </li>
      </Show>
      <Show when={props.role === 'service_manager'}>
        <li>
          <A href="/agent/administration/modeles">Modèles de réponse</A>
        </li>
      </Show>
      <Show when={props.role === 'commune_admin'}>
        <li>
          <A href="/agent/administration">Administration</A>
        </li>
      </Show>
      <li>
        <button type="button" class="link-button" onClick={signOut}>
          Se déconnecter
        </button>
      </li>
    </ul>
  );
}
