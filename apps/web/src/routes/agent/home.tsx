import { useNavigate } from '@solidjs/router';
import { For, Show } from 'solid-js';
import { api } from '../../api.ts';
import { StaffPage } from '../../components/staff-page.tsx';
import { AgentNav } from './agent-nav.tsx';
import { roleLabels } from './roles.ts';
import { useSignedInAgent } from './signed-in-agent.ts';

/** /agent: the back office's home: who is signed in, with which role and in which services. */
export function AgentHome() {
  const navigate = useNavigate();
  const agent = useSignedInAgent();
  async function signOutEverywhere() {
    await api.agent.auth['deconnexion-partout'].$post();
    navigate('/agent/connexion', { replace: true });
  }
  return (
    <Show when={agent()} fallback={<p class="wrap" role="status">Chargement…</p>}>
      {(me) => (
        <StaffPage title={`Bonjour ${me().displayName}`} tagline="Espace agents" nav={<AgentNav role={me().role} />}>
          <section class="card" aria-labelledby="profil-titre">
            <h2 id="profil-titre">Votre compte</h2>
            <dl class="facts">
              <dt>Commune</dt>
              <dd>{me().commune.name}</dd>
              <dt>Rôle</dt>
              <dd>{roleLabels[me().role]}</dd>
              <dt>Adresse e-mail</dt>
              <dd>{me().email}</dd>
              <dt>Services</dt>
              <dd>
                <Show when={me().services.length > 0} fallback="Aucun service">
                  <ul class="inline-list">
                    <For each={me().services}>{(service) => <li>{service.name}</li>}</For>
                  </ul>
                </Show>
              </dd>
              <dt>Connexion</dt>
              <dd>{me().authMethod === 'password' ? 'Mot de passe et application d’authentification' : `Fournisseur d’identité (${me().authMethod})`}</dd>
            </dl>
          </section>
          <section class="card" aria-labelledby="travail-titre">
            <h2 id="travail-titre">Votre travail</h2>
            <ul>
              <Show when={me().role === 'elected_official' || me().role === 'service_manager'}>
                <li>
                  <a href="/agent/demandes?statut=awaiting_decision">Les demandes à valider</a> : celles qui attendent votre décision
                </li>
              </Show>
              <li>
                <a href="/agent/demandes">Toutes les demandes de vos services</a>
              </li>
            </ul>
          </section>
          <section class="card" aria-labelledby="sessions-titre">
            <h2 id="sessions-titre">Sécurité</h2>
            <p>Vous avez oublié de vous déconnecter sur un autre poste, ou perdu un appareil&nbsp;? Fermez toutes vos sessions d’un coup.</p>
            <button type="button" class="button button--secondary" onClick={signOutEverywhere}>
              Me déconnecter partout
            </button>
          </section>
        </StaffPage>
      )}
    </Show>
  );
}
