import { A, useNavigate } from '@solidjs/router';
import { api } from '../../api.ts';

/** The console's menu: its pages, who is signed in, and signing out. */
export function ConsoleNav(props: { name: string }) {
  const navigate = useNavigate();
  async function signOut() {
    await api.console.auth.deconnexion.$post();
    navigate('/console/connexion', { replace: true });
  }
  return (
    <ul>
      <li>
        <A href="/console" end>
          Agents des communes
        </A>
      </li>
      <li>
        <A href="/console/communes">Communes</A>
      </li>
      <li>
        <A href="/console/modeles">Modèles de démarches</A>
      </li>
      <li>
        <A href="/console/statistiques">Statistiques</A>
      </li>
      <li>{props.name}</li>
      <li>
        <button type="button" class="link-button" onClick={signOut}>
          Se déconnecter
        </button>
      </li>
    </ul>
  );
}
