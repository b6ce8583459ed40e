import { useSearchParams } from '@solidjs/router';
import { createResource, createSignal, For, onCleanup, onMount, Show } from 'solid-js';
import { statuses, statusKeys, type StatusKey } from '@guichet/workflow/statuses';
import { api, type InboxLine, type InboxPage } from '../../../api.ts';
import { StaffPage } from '../../../components/staff-page.tsx';
import { AgentNav } from '../agent-nav.tsx';
import { useSignedInAgent } from '../signed-in-agent.ts';
import { BulkActions } from './bulk-actions.tsx';
import { channelLabels, dueInWords, priorityLabels, sortLabels } from './request-labels.ts';

/** The inbox's filters, as the URL carries them (in French), so that a view can be bookmarked and shared. */
type InboxSearch = {
  statut?: string;
  retard?: string;
  bientot?: string;
  demarche?: string;
  canal?: string;
  priorite?: string;
  attribution?: string;
  q?: string;
  tri?: string;
  apres?: string;
};

/** The API's query for the URL's filters; unknown values are left out rather than refused. */
function inboxQuery(search: InboxSearch) {
  const pick = <T extends string>(value: string | undefined, allowed: readonly T[]) => (allowed.includes(value as T) ? (value as T) : undefined);
  return Object.fromEntries(
    Object.entries({
      status: pick(search.statut, statusKeys),
      overdue: search.retard === 'oui' ? 'true' : undefined,
      dueSoon: search.bientot === 'oui' ? 'true' : undefined,
      procedure: search.demarche || undefined,
      channel: pick(search.canal, Object.keys(channelLabels) as InboxLine['channel'][]),
      priority: pick(search.priorite, Object.keys(priorityLabels) as InboxLine['priority'][]),
      assignee: search.attribution === 'moi' ? 'me' : search.attribution === 'personne' ? 'nobody' : undefined,
      q: search.q && search.q.trim().length >= 2 ? search.q.trim() : undefined,
      sort: pick(search.tri, Object.keys(sortLabels) as (keyof typeof sortLabels)[]),
      apres: search.apres || undefined,
    }).filter(([, value]) => value !== undefined),
  ) as Record<string, string>;
}

/**
 * /agent/demandes: the requests of the agent's services, filtered and sorted as the URL says,
 * with the count of each status, what is late or near its due date said in words, and each
 * reference a link to its desk (the arrows move from one to the next).
 */
export function Inbox() {
  const me = useSignedInAgent();
  const [search, setSearch] = useSearchParams<InboxSearch>();
  const [procedures] = createResource(async () => {
    const response = await api.catalogue.$get();
    return response.ok ? (await response.json()).themes.flatMap((theme) => theme.procedures) : [];
  });
  const [page, { refetch }] = createResource(
    () => (me() ? inboxQuery({ ...search }) : undefined),
    async (query): Promise<InboxPage | null> => {
      const response = await api.agent.demandes.$get({ query });
      return response.ok ? response.json() : null;
    },
  );
  // Requests arriving while the page is open appear at once, marked, and are announced.
  const seen = new Set<string>();
  const [arrived, setArrived] = createSignal<string[]>([]);
  const isNew = (id: string) => arrived().includes(id);
  const [ticked, setTicked] = createSignal<string[]>([]);
  const selected = () => (page()?.requests ?? []).filter((line) => ticked().includes(line.id));
  const tick = (id: string, on: boolean) => setTicked(on ? [...ticked(), id] : ticked().filter((kept) => kept !== id));
  onMount(() => {
    const stream = new EventSource('/api/agent/demandes/flux');
    let timer: ReturnType<typeof setTimeout> | undefined;
    stream.addEventListener('corbeille', () => {
      clearTimeout(timer);
      timer = setTimeout(async () => {
        for (const line of page()?.requests ?? []) seen.add(line.id);
        const fresh = (await refetch())?.requests.filter((line) => !seen.has(line.id)).map((line) => line.id) ?? [];
        if (fresh.length > 0) setArrived([...arrived(), ...fresh]);
      }, 300);
    });
    onCleanup(() => {
      clearTimeout(timer);
      stream.close();
    });
  });
  const total = () => Object.values(page()?.counts ?? {}).reduce((sum, count) => sum + (count ?? 0), 0);
  /** A filter changed: back to the first page. */
  const filter = (changes: Partial<InboxSearch>) => setSearch({ ...changes, apres: undefined });

  function moveBetweenRows(event: KeyboardEvent) {
    if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp') return;
    const links = [...(event.currentTarget as HTMLElement).querySelectorAll<HTMLAnchorElement>('a.inbox-row__link')];
    const at = links.indexOf(document.activeElement as HTMLAnchorElement);
    if (at < 0) return;
    event.preventDefault();
    links[Math.min(Math.max(at + (event.key === 'ArrowDown' ? 1 : -1), 0), links.length - 1)]?.focus();
  }

  return (
    <Show when={me()} fallback={<p class="wrap" role="status">Chargement…</p>}>
      {(agent) => (
        <StaffPage title="Demandes" tagline="Espace agents" nav={<AgentNav role={agent().role} />}>
          <form
            class="inbox-filters"
            role="search"
            aria-label="Filtrer les demandes"
            onSubmit={(event) => {
              event.preventDefault();
              filter({ q: String(new FormData(event.currentTarget).get('q') ?? '') || undefined });
            }}
          >
            <div class="field">
              <label for="filtre-q">Rechercher</label>
              <input id="filtre-q" name="q" type="search" value={search.q ?? ''} aria-describedby="filtre-q-aide" />
              <p class="hint" id="filtre-q-aide">
                Référence, objet, adresse, réponses, nom, e-mail ou téléphone
              </p>
            </div>
            <button type="submit" class="button button--secondary">
              Rechercher
            </button>
            <div class="field">
              <label for="filtre-demarche">Démarche</label>
              <select id="filtre-demarche" value={search.demarche ?? ''} onChange={(event) => filter({ demarche: event.currentTarget.value || undefined })}>
                <option value="">Toutes</option>
                <For each={procedures()}>{(procedure) => <option value={procedure.slug}>{procedure.title}</option>}</For>
              </select>
            </div>
            <div class="field">
              <label for="filtre-attribution">Attribuée à</label>
              <select id="filtre-attribution" value={search.attribution ?? ''} onChange={(event) => filter({ attribution: event.currentTarget.value || undefined })}>
                <option value="">Tout le monde</option>
                <option value="moi">Moi</option>
                <option value="personne">Personne</option>
              </select>
            </div>
            <div class="field">
              <label for="filtre-priorite">Priorité</label>
              <select id="filtre-priorite" value={search.priorite ?? ''} onChange={(event) => filter({ priorite: event.currentTarget.value || undefined })}>
                <option value="">Toutes</option>
                <For each={Object.entries(priorityLabels)}>{([key, label]) => <option value={key}>{label}</option>}</For>
              </select>
            </div>
            <div class="field">
              <label for="filtre-canal">Canal</label>
              <select id="filtre-canal" value={search.canal ?? ''} onChange={(event) => filter({ canal: event.currentTarget.value || undefined })}>
                <option value="">Tous</option>
                <For each={Object.entries(channelLabels)}>{([key, label]) => <option value={key}>{label}</option>}</For>
              </select>
            </div>
            <div class="field">
              <label for="filtre-tri">Trier par</label>
              <select id="filtre-tri" value={search.tri ?? 'filed'} onChange={(event) => filter({ tri: event.currentTarget.value === 'filed' ? undefined : event.currentTarget.value })}>
                <For each={Object.entries(sortLabels)}>{([key, label]) => <option value={key}>{label}</option>}</For>
              </select>
            </div>
            <div class="choice">
              <input id="filtre-retard" type="checkbox" checked={search.retard === 'oui'} onChange={(event) => filter({ retard: event.currentTarget.checked ? 'oui' : undefined })} />
              <label for="filtre-retard">En retard</label>
            </div>
            <div class="choice">
              <input id="filtre-bientot" type="checkbox" checked={search.bientot === 'oui'} onChange={(event) => filter({ bientot: event.currentTarget.checked ? 'oui' : undefined })} />
              <label for="filtre-bientot">Échéance sous 2 jours ouvrés</label>
            </div>
          </form>

          <nav aria-label="Statuts">
            <ul class="status-counts">
              <li>
                <button type="button" class="link-button" aria-pressed={!search.statut} onClick={() => filter({ statut: undefined })}>
                  Tous ({total()})
                </button>
              </li>
              <For each={statusKeys.filter((status) => (page()?.counts[status] ?? 0) > 0 || search.statut === status)}>
                {(status: StatusKey) => (
                  <li>
                    <button type="button" class="link-button" aria-pressed={search.statut === status} onClick={() => filter({ statut: status })}>
                      {status === 'awaiting_decision' ? 'À valider' : statuses[status].label} ({page()?.counts[status] ?? 0})
                    </button>
                  </li>
                )}
              </For>
            </ul>
          </nav>

          <p role="status" class={arrived().length > 0 ? 'notice notice--info' : 'visually-hidden'}>
            {arrived().length > 0 ? `${arrived().length} nouvelle${arrived().length > 1 ? 's' : ''} demande${arrived().length > 1 ? 's' : ''} depuis l’ouverture de la page.` : ''}
          </p>
          <Show when={page() !== undefined} fallback={<p role="status">Chargement des demandes…</p>}>
            <Show when={page()} fallback={<p class="notice notice--error" role="alert">Les demandes n’ont pas pu être chargées. Rechargez la page.</p>}>
              {(current) => (
                <Show when={current().requests.length > 0} fallback={<p role="status">Aucune demande ne correspond à ces critères.</p>}>
                  <p role="status" class="visually-hidden">
                    {current().requests.length} demande{current().requests.length > 1 ? 's' : ''} affichée{current().requests.length > 1 ? 's' : ''}.
                  </p>
                  <Show when={agent().role !== 'elected_official'}>
                    <BulkActions
                      selected={selected()}
                      onDone={() => {
                        setTicked([]);
                        void refetch();
                      }}
                    />
                  </Show>
                  <div class="table-scroll">
                    <table class="table">
                      <caption>Demandes ({sortLabels[(search.tri as keyof typeof sortLabels) ?? 'filed'] ?? sortLabels.filed} d’abord) : flèches haut et bas pour passer d’une référence à l’autre</caption>
                      <thead>
                        <tr>
                          <Show when={agent().role !== 'elected_official'}>
                            <th scope="col">
                              <span class="visually-hidden">Sélection</span>
                            </th>
                          </Show>
                          <th scope="col">Référence</th>
                          <th scope="col">Objet</th>
                          <th scope="col">Démarche</th>
                          <th scope="col">Contact</th>
                          <th scope="col">Statut</th>
                          <th scope="col">Priorité</th>
                          <th scope="col">Échéance</th>
                          <th scope="col">Canal</th>
                        </tr>
                      </thead>
                      <tbody onKeyDown={moveBetweenRows}>
                        <For each={current().requests}>
                          {(line) => {
                            const due = dueInWords(line);
                            return (
                              <tr class={due.flag?.tone === 'late' ? 'inbox-row--late' : due.flag?.tone === 'soon' ? 'inbox-row--soon' : undefined}>
                                <Show when={agent().role !== 'elected_official'}>
                                  <td>
                                    <input
                                      type="checkbox"
                                      aria-label={`Sélectionner ${line.reference}`}
                                      checked={ticked().includes(line.id)}
                                      onChange={(event) => tick(line.id, event.currentTarget.checked)}
                                    />
                                  </td>
                                </Show>
                                <th scope="row">
                                  <a class="inbox-row__link" href={`/agent/demandes/${line.id}`}>
                                    {line.reference}
                                  </a>
                                  <Show when={isNew(line.id)}>
                                    <span class="due-flag due-flag--soon">Nouvelle</span>
                                  </Show>
                                </th>
                                <td>{line.summary}</td>
                                <td>{line.procedureTitle}</td>
                                <td>{line.contactName ?? '—'}</td>
                                <td>{statuses[line.status].label}</td>
                                <td>{line.priority === 'normal' ? priorityLabels.normal : <strong>{priorityLabels[line.priority]}</strong>}</td>
                                <td>
                                  {due.date}
                                  <Show when={due.flag}>{(flag) => <span class={`due-flag due-flag--${flag().tone}`}>{flag().text}</span>}</Show>
                                </td>
                                <td>{channelLabels[line.channel]}</td>
                              </tr>
                            );
                          }}
                        </For>
                      </tbody>
                    </table>
                  </div>
                  <div class="pager">
                    <Show when={search.apres}>
                      <button type="button" class="button button--secondary" onClick={() => setSearch({ apres: undefined })}>
                        Première page
                      </button>
                    </Show>
                    <Show when={current().next}>
                      {(next) => (
                        <button type="button" class="button button--secondary" onClick={() => setSearch({ apres: next() })}>
                          Page suivante
                        </button>
                      )}
                    </Show>
                  </div>
                </Show>
              )}
            </Show>
          </Show>
        </StaffPage>
      )}
    </Show>
  );
}
