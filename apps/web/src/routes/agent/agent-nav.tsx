import { A, useNavigate } from '@solidjs/router';
import { Show } from 'solid-js';
import { api } from '../../api.ts';

/** The back office's menu; administration links for administrators only. */
export function AgentNav(props: { admin: boolean }) {
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
        <A href="/agent/demandes/nouvelle">Enregistrer une demande</A>
      </li>
      <Show when={props.admin}>
        <li>
          <A href="/agent/administration/agents">Agents</A>
        </li>
        <li>
          <A href="/agent/administration/journal">Journal</A>
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
