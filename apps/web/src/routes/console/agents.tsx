import { createResource, For, Show } from 'solid-js';
import { api, type ConsoleCommuneAgents } from '../../api.ts';
import { StaffPage } from '../../components/staff-page.tsx';
import { roleLabels, statusLabels } from '../agent/roles.ts';
import { ofCommune } from '@guichet/tenants/commune-name';
import { ConsoleNav } from './console-nav.tsx';
import { useConsoleStaff } from './console-staff.ts';
import { JournalSection } from './journal.tsx';

/** /console: the agents of every member commune, read-only, and the EPCI's audit log, for its administrators. */
export function ConsoleAgents() {
  const [data] = createResource(useConsoleStaff(), async (me) => {
    const agents = await api.console.communes.agents.$get();
    return { me, communes: agents.ok ? ((await agents.json()) as ConsoleCommuneAgents).communes : [] };
  });
  return (
    <Show when={data()} fallback={<p class="wrap" role="status">Chargement…</p>}>
      {(loaded) => (
        <StaffPage
          title="Agents des communes membres"
          tagline="Console intercommunale"
          nav={<ConsoleNav name={loaded().me.displayName} />}
        >
          <For each={loaded().communes}>
            {(commune) => (
              <section class="card" aria-labelledby={`commune-${commune.slug}`}>
                <h2 id={`commune-${commune.slug}`}>{commune.name}</h2>
                <Show when={commune.agents.length > 0} fallback={<p>Aucun agent.</p>}>
                  <div class="table-scroll">
                    <table class="table">
                      <caption class="visually-hidden">Agents {ofCommune(commune.name)}</caption>
                      <thead>
                        <tr>
                          <th scope="col">Agent</th>
                          <th scope="col">Rôle</th>
                          <th scope="col">Services</th>
                          <th scope="col">Statut</th>
                        </tr>
                      </thead>
                      <tbody>
                        <For each={commune.agents}>
                          {(agent) => (
                            <tr>
                              <th scope="row">{agent.displayName}</th>
                              <td>{roleLabels[agent.role]}</td>
                              <td>{agent.services.join(', ') || '—'}</td>
                              <td>{statusLabels[agent.status]}</td>
                            </tr>
                          )}
                        </For>
                      </tbody>
                    </table>
                  </div>
                </Show>
              </section>
            )}
          </For>
          <JournalSection communes={loaded().communes} />
        </StaffPage>
      )}
    </Show>
  );
}
