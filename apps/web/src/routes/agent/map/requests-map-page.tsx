import { useSearchParams } from '@solidjs/router';
import { createResource, For, lazy, Show, Suspense } from 'solid-js';
import { statuses, statusKeys, type StatusKey } from '@guichet/workflow/statuses';
import { api, type RequestsMap } from '../../../api.ts';
import { StaffPage } from '../../../components/staff-page.tsx';
import { useSite } from '../../../site-context.tsx';
import { momentInWords } from '../../requests/request-format.ts';
import { AgentNav } from '../agent-nav.tsx';
import { useSignedInAgent } from '../signed-in-agent.ts';
import { statusColours } from './status-colours.ts';

// Leaflet and the clustering load with the map, never with the other back-office pages.
const RequestsMapView = lazy(() => import('./requests-map-view.tsx'));

/** The map's filters, as the URL carries them (in French), so that a view can be bookmarked. */
type MapSearch = { statut?: string; demarche?: string; du?: string; au?: string };

const isDay = (value: string | undefined) => (value && /^\d{4}-\d{2}-\d{2}$/.test(value) ? value : undefined);

function mapQuery(search: MapSearch) {
  const status = statusKeys.includes(search.statut as StatusKey) ? search.statut : undefined;
  return Object.fromEntries(
    Object.entries({
      status,
      open: search.statut === 'ouvertes' || search.statut === undefined ? 'true' : undefined,
      procedure: search.demarche || undefined,
      from: isDay(search.du),
      to: isDay(search.au),
    }).filter(([, value]) => value !== undefined),
  ) as Record<string, string>;
}

/**
 * /agent/carte: the located requests of the agent's services as points coloured by status,
 * clustered where dense, each opening its desk; the list beside it is the same content for
 * whoever does not use the map, and the count per sector stands in for the map where the
 * commune has no tile server.
 */
export function RequestsMapPage() {
  const me = useSignedInAgent();
  const site = useSite();
  const [search, setSearch] = useSearchParams<MapSearch>();
  const [procedures] = createResource(async () => {
    const response = await api.catalogue.$get();
    return response.ok ? (await response.json()).themes.flatMap((theme) => theme.procedures) : [];
  });
  const [found] = createResource(
    () => (me() ? mapQuery({ ...search }) : undefined),
    async (query): Promise<RequestsMap | null> => {
      const response = await api.agent.demandes.carte.$get({ query });
      return response.ok ? response.json() : null;
    },
  );
  const tiles = () => {
    const current = site();
    return current.kind === 'commune' ? current.commune.map : null;
  };
  const filter = (changes: Partial<MapSearch>) => setSearch({ ...search, ...changes });
  return (
    <Show when={me()} fallback={<p class="wrap" role="status">Chargement…</p>}>
      {(agent) => (
        <StaffPage title="Carte des demandes" tagline="Espace agents" nav={<AgentNav role={agent().role} />}>
          <form class="inbox-filters" onSubmit={(event) => event.preventDefault()} aria-label="Filtres de la carte">
            <div class="field">
              <label for="carte-statut">Statut</label>
              <select id="carte-statut" value={search.statut ?? 'ouvertes'} onChange={(event) => filter({ statut: event.currentTarget.value })}>
                <option value="ouvertes">Toutes les demandes en cours</option>
                <option value="toutes">Toutes, closes comprises</option>
                <For each={statusKeys}>{(status) => <option value={status}>{statuses[status].label}</option>}</For>
              </select>
            </div>
            <div class="field">
              <label for="carte-demarche">Démarche</label>
              <select id="carte-demarche" value={search.demarche ?? ''} onChange={(event) => filter({ demarche: event.currentTarget.value || undefined })}>
                <option value="">Toutes</option>
                <For each={procedures()}>{(procedure) => <option value={procedure.slug}>{procedure.title}</option>}</For>
              </select>
            </div>
            <div class="field">
              <label for="carte-du">Déposées depuis le</label>
              <input id="carte-du" type="date" value={search.du ?? ''} onChange={(event) => filter({ du: event.currentTarget.value || undefined })} />
            </div>
            <div class="field">
              <label for="carte-au">jusqu’au</label>
              <input id="carte-au" type="date" value={search.au ?? ''} onChange={(event) => filter({ au: event.currentTarget.value || undefined })} />
            </div>
          </form>
          <Show when={found() !== undefined} fallback={<p role="status">Chargement de la carte…</p>}>
            <Show when={found()} fallback={<p class="notice notice--error" role="alert">La carte n’a pas pu être chargée : vérifiez les dates de la période.</p>}>
              {(map) => (
                <>
                  <p role="status">
                    {map().requests.length} demande{map().requests.length > 1 ? 's' : ''} située{map().requests.length > 1 ? 's' : ''}
                    {map().unlocated > 0 ? `, ${map().unlocated} sans position` : ''}
                    {map().truncated ? ' (les plus récentes seulement : resserrez les filtres)' : ''}.
                  </p>
                  <Show
                    when={tiles()}
                    fallback={<p class="notice notice--info">Aucun fond de carte n’est configuré pour la commune : les demandes sont présentées en liste et par secteur.</p>}
                  >
                    {(configured) => (
                      <>
                        <Legend />
                        <Suspense fallback={<p role="status">Chargement de la carte…</p>}>
                          <RequestsMapView map={configured()} points={map().requests} />
                        </Suspense>
                      </>
                    )}
                  </Show>
                  <SectorTable sectors={map().sectors} />
                  <PointList points={map().requests} />
                </>
              )}
            </Show>
          </Show>
        </StaffPage>
      )}
    </Show>
  );
}

function Legend() {
  return (
    <ul class="map-legend" aria-label="Légende des couleurs">
      <For each={statusKeys}>
        {(status) => (
          <li>
            <span class="map-legend__swatch" style={{ background: statusColours[status] }} aria-hidden="true" />
            {statuses[status].label}
          </li>
        )}
      </For>
    </ul>
  );
}

function SectorTable(props: { sectors: RequestsMap['sectors'] }) {
  const shown = () => statusKeys.filter((status) => props.sectors.some((sector) => (sector.counts[status] ?? 0) > 0));
  return (
    <section aria-labelledby="secteurs-titre">
      <h2 id="secteurs-titre">Par secteur</h2>
      <div class="table-scroll">
        <table class="table">
          <caption>Demandes par secteur de la commune et par statut</caption>
          <thead>
            <tr>
              <th scope="col">Secteur</th>
              <For each={shown()}>{(status) => <th scope="col">{statuses[status].label}</th>}</For>
              <th scope="col">Total</th>
            </tr>
          </thead>
          <tbody>
            <For each={props.sectors.filter((sector) => sector.total > 0 || sector.slug !== null)}>
              {(sector) => (
                <tr>
                  <th scope="row">{sector.name}</th>
                  <For each={shown()}>{(status) => <td>{sector.counts[status] ?? 0}</td>}</For>
                  <td>{sector.total}</td>
                </tr>
              )}
            </For>
          </tbody>
        </table>
      </div>
    </section>
  );
}

function PointList(props: { points: RequestsMap['requests'] }) {
  return (
    <section aria-labelledby="liste-titre">
      <h2 id="liste-titre">Liste des demandes situées</h2>
      <Show when={props.points.length > 0} fallback={<p>Aucune demande située ne correspond à ces critères.</p>}>
        <div class="table-scroll">
          <table class="table">
            <caption>Les demandes de la carte, les plus récentes d’abord</caption>
            <thead>
              <tr>
                <th scope="col">Référence</th>
                <th scope="col">Objet</th>
                <th scope="col">Démarche</th>
                <th scope="col">Statut</th>
                <th scope="col">Lieu</th>
                <th scope="col">Déposée</th>
              </tr>
            </thead>
            <tbody>
              <For each={props.points}>
                {(point) => (
                  <tr>
                    <th scope="row">
                      <a href={`/agent/demandes/${point.id}`}>{point.reference}</a>
                    </th>
                    <td>{point.summary}</td>
                    <td>{point.procedureTitle}</td>
                    <td>{statuses[point.status].label}</td>
                    <td>{point.address ?? `${point.latitude.toFixed(5)}, ${point.longitude.toFixed(5)}`}</td>
                    <td>{momentInWords(point.filedAt)}</td>
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
