import { createResource, For, Show } from 'solid-js';
import { api, type ConsoleHealth } from '../../api.ts';

type Queues = ConsoleHealth['communes'][number]['queues'];
const sum = (queues: Queues, key: 'waiting' | 'active' | 'failed') => queues.reduce((total, queue) => total + queue[key], 0);

/** Each member commune's open and overdue requests and its jobs, as counts (on /console/communes). */
export function HealthSection(props: { members: number }) {
  // Read again when a commune joins.
  const [health, { refetch }] = createResource(() => props.members, async () => {
    const response = await api.console.sante.$get();
    return response.ok ? ((await response.json()) as ConsoleHealth).communes : [];
  });
  const queued = () => health()?.flatMap((commune) => commune.queues.map((queue) => ({ commune: commune.name, ...queue }))) ?? [];
  return (
    <section class="card" aria-labelledby="sante-titre">
      <h2 id="sante-titre">Santé de la plateforme</h2>
      <p>
        Des nombres seulement : le contenu des courriels et des avis en attente ne s’affiche jamais ici.{' '}
        <button type="button" class="link-button" onClick={() => void refetch()}>
          Actualiser
        </button>
      </p>
      <div class="table-scroll">
        <table class="table">
          <caption>Demandes et travaux de chaque commune membre</caption>
          <thead>
            <tr>
              <th scope="col">Commune</th>
              <th scope="col">Demandes ouvertes</th>
              <th scope="col">Échéance dépassée</th>
              <th scope="col">Plus ancienne ouverte (jours)</th>
              <th scope="col">Travaux en attente ou en cours</th>
              <th scope="col">Travaux abandonnés</th>
            </tr>
          </thead>
          <tbody>
            <For each={health()}>
              {(commune) => (
                <tr>
                  <th scope="row">{commune.name}</th>
                  <td>{commune.open}</td>
                  <td>{commune.overdue}</td>
                  <td>{commune.oldestOpenDays ?? '—'}</td>
                  <td>{sum(commune.queues, 'waiting') + sum(commune.queues, 'active')}</td>
                  <td>{sum(commune.queues, 'failed')}</td>
                </tr>
              )}
            </For>
          </tbody>
        </table>
      </div>
      <Show when={queued().length > 0} fallback={<p>Aucun travail en attente ni abandonné.</p>}>
        <div class="table-scroll">
          <table class="table">
            <caption>Travaux par file</caption>
            <thead>
              <tr>
                <th scope="col">Commune</th>
                <th scope="col">File</th>
                <th scope="col">En attente</th>
                <th scope="col">En cours</th>
                <th scope="col">Abandonnés</th>
              </tr>
            </thead>
            <tbody>
              <For each={queued()}>
                {(row) => (
                  <tr>
                    <th scope="row">{row.commune}</th>
                    <td>{row.queue}</td>
                    <td>{row.waiting}</td>
                    <td>{row.active}</td>
                    <td>{row.failed}</td>
                  </tr>
                )}
              </For>
            </tbody>
          </table>
        </div>
      </Show>
    </section>
  );
}
