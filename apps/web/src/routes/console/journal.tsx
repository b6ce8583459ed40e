import { createResource, createSignal, For } from 'solid-js';
import { api, type AuditJournalPage } from '../../api.ts';
import { AuditTable } from '../../components/audit-table.tsx';

/** The EPCI's audit log (on /console): its own lines and its communes', or one commune's. */
export function JournalSection(props: { communes: { slug: string; name: string }[] }) {
  const [commune, setCommune] = createSignal('');
  const [before, setBefore] = createSignal<number>();
  // The source is an object so that the first page (no cursor, every commune) loads too.
  const [page] = createResource(
    () => ({ cursor: before(), commune: commune() }),
    async ({ cursor, commune: slug }) => {
      const response = await api.console.journal.$get({ query: { ...(cursor ? { avant: String(cursor) } : {}), ...(slug ? { commune: slug } : {}) } });
      return response.ok ? ((await response.json()) as AuditJournalPage) : { entries: [], nextCursor: null };
    },
  );
  return (
    <section class="card" aria-labelledby="journal-titre">
      <h2 id="journal-titre">Journal d’audit</h2>
      <div class="field">
        <label for="journal-commune">Commune</label>
        <select
          id="journal-commune"
          value={commune()}
          onChange={(event) => {
            setBefore(undefined);
            setCommune(event.currentTarget.value);
          }}
        >
          <option value="">Toutes, et l’intercommunalité</option>
          <For each={props.communes}>{(member) => <option value={member.slug}>{member.name}</option>}</For>
        </select>
      </div>
      <AuditTable page={page()} communes caption="Connexions, invitations, rôles, communes créées et rapports publiés, du plus récent au plus ancien" onOlder={setBefore} />
    </section>
  );
}
