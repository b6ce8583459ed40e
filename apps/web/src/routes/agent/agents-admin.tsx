import { createResource, createSignal, For, Show } from 'solid-js';
import { api, type AdministeredAgents } from '../../api.ts';
import { ProblemMessage, problemOf, type ProblemView } from '../../components/problem-message.tsx';
import { StaffPage } from '../../components/staff-page.tsx';
import { AgentNav } from './agent-nav.tsx';
import { roleLabels, statusLabels } from './roles.ts';
import { useSignedInAgent } from './signed-in-agent.ts';

type Role = keyof typeof roleLabels;
const roles = Object.keys(roleLabels) as Role[];

/** /agent/administration/agents: the commune's agents, invitations, roles, disabling, revocation. */
export function AgentsAdministration() {
  const me = useSignedInAgent();
  const [agents, { refetch }] = createResource(async () => {
    const response = await api.agent.administration.agents.$get();
    return response.ok ? ((await response.json()) as AdministeredAgents).agents : [];
  });
  const [services] = createResource(async () => {
    const response = await api.services.$get();
    return response.ok ? (await response.json()).services : undefined;
  });
  const [problem, setProblem] = createSignal<ProblemView>();
  const [notice, setNotice] = createSignal<string>();
  const [released, setReleased] = createSignal<{ id: string; reference: string; summary: string }[]>([]);

  /** Runs an administrative action, then says what happened and reloads the list. */
  async function act(run: () => Promise<Response>, done: string) {
    setProblem(undefined);
    setNotice(undefined);
    const response = await run();
    if (!response.ok) return setProblem(await problemOf(response));
    setNotice(done);
    await refetch();
  }

  /** Disabling gives the agent's open requests back to their services: the page lists them to reassign. */
  async function disable(id: string, name: string) {
    setReleased([]);
    await act(async () => {
      const response = await api.agent.administration.agents[':id'].desactivation.$post({ param: { id } });
      if (response.ok) setReleased((await response.json()).released);
      return response;
    }, `Compte de ${name} désactivé.`);
  }

  async function invite(event: SubmitEvent) {
    event.preventDefault();
    const formElement = event.currentTarget as HTMLFormElement;
    const form = new FormData(formElement);
    const json = {
      email: String(form.get('email') ?? ''),
      displayName: String(form.get('displayName') ?? ''),
      role: String(form.get('role')) as Role,
      services: form.getAll('services').map(String),
    };
    await act(() => api.agent.administration.agents.$post({ json }), `Invitation envoyée à ${json.displayName}.`);
    if (!problem()) formElement.reset();
  }

  return (
    <Show when={me()} fallback={<p class="wrap" role="status">Chargement…</p>}>
      <StaffPage title="Agents de la commune" tagline="Administration" nav={<AgentNav role="commune_admin" />}>
        <div aria-live="polite">
          <Show when={notice()}>
            <div class="notice notice--success">
              <p>{notice()}</p>
              <Show when={released().length > 0}>
                <p>
                  {released().length === 1 ? 'Sa demande en cours retourne' : `Ses ${released().length} demandes en cours retournent`} dans la file de leur service, à réattribuer :
                </p>
                <ul>
                  <For each={released()}>
                    {(request) => (
                      <li>
                        <a href={`/agent/demandes/${request.id}`}>{request.reference}</a> – {request.summary}
                      </li>
                    )}
                  </For>
                </ul>
              </Show>
            </div>
          </Show>
        </div>
        <ProblemMessage problem={problem()} />
        <div class="table-scroll">
          <table class="table">
            <caption>Comptes des agents, de leurs rôles et de leurs services</caption>
            <thead>
              <tr>
                <th scope="col">Agent</th>
                <th scope="col">Rôle</th>
                <th scope="col">Services</th>
                <th scope="col">Statut</th>
                <th scope="col">Actions</th>
              </tr>
            </thead>
            <tbody>
              <For each={agents()}>
                {(agent) => (
                  <tr>
                    <th scope="row">
                      {agent.displayName}
                      <br />
                      <span class="hint">{agent.email}</span>
                    </th>
                    <td>
                      <label class="visually-hidden" for={`role-${agent.id}`}>
                        Rôle de {agent.displayName}
                      </label>
                      <select
                        id={`role-${agent.id}`}
                        value={agent.role}
                        disabled={agent.status === 'disabled' || agent.id === me()?.id}
                        onChange={(event) =>
                          act(
                            () => api.agent.administration.agents[':id'].role.$patch({ param: { id: agent.id }, json: { role: event.currentTarget.value as Role } }),
                            `Rôle de ${agent.displayName} modifié.`,
                          )
                        }
                      >
                        <For each={roles}>{(role) => <option value={role}>{roleLabels[role]}</option>}</For>
                      </select>
                    </td>
                    <td>{agent.services.map((service) => service.name).join(', ') || '—'}</td>
                    <td>
                      {statusLabels[agent.status]}
                      {agent.status === 'active' && !agent.secondFactor && !agent.providerLinked ? ' (second facteur à associer)' : ''}
                    </td>
                    <td class="actions">
                      <Show when={agent.status !== 'disabled' && agent.id !== me()?.id}>
                        <button
                          type="button"
                          class="button button--small button--secondary"
                          onClick={() => act(() => api.agent.administration.agents[':id']['revocation-sessions'].$post({ param: { id: agent.id } }), `Sessions de ${agent.displayName} fermées.`)}
                        >
                          Fermer ses sessions<span class="visually-hidden"> ({agent.displayName})</span>
                        </button>
                        <button
                          type="button"
                          class="button button--small button--danger"
                          onClick={() => {
                            if (confirm(`Désactiver le compte de ${agent.displayName} ? Ses sessions seront fermées.`)) {
                              void disable(agent.id, agent.displayName);
                            }
                          }}
                        >
                          Désactiver<span class="visually-hidden"> {agent.displayName}</span>
                        </button>
                      </Show>
                    </td>
                  </tr>
                )}
              </For>
            </tbody>
          </table>
        </div>

        <form class="form card" onSubmit={invite} aria-labelledby="invitation-titre">
          <h2 id="invitation-titre">Inviter un agent</h2>
          <p>L’agent reçoit un lien valable 72 heures pour choisir son mot de passe et associer son application d’authentification.</p>
          <div class="field">
            <label for="invite-name">Prénom et nom</label>
            <input id="invite-name" name="displayName" autocomplete="off" required minlength="2" />
          </div>
          <div class="field">
            <label for="invite-email">Adresse e-mail professionnelle</label>
            <input id="invite-email" name="email" type="email" autocomplete="off" required />
          </div>
          <div class="field">
            <label for="invite-role">Rôle</label>
            <select id="invite-role" name="role">
              <For each={roles}>{(role) => <option value={role}>{roleLabels[role]}</option>}</For>
            </select>
          </div>
          <fieldset class="field">
            <legend>Services</legend>
            <For each={services()}>
              {(service) => (
                <label class="checkbox">
                  <input type="checkbox" name="services" value={service.slug} /> {service.name}
                </label>
              )}
            </For>
          </fieldset>
          <button type="submit" class="button">
            Envoyer l’invitation
          </button>
        </form>
      </StaffPage>
    </Show>
  );
}
