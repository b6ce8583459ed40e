import { createResource, createSignal, Show } from 'solid-js';
import { api, type AuditJournalPage } from '../../api.ts';
import { AuditTable } from '../../components/audit-table.tsx';
import { StaffPage } from '../../components/staff-page.tsx';
import { AgentNav } from './agent-nav.tsx';
import { useSignedInAgent } from './signed-in-agent.ts';

/** /agent/administration/journal: the commune's audit log, newest first. */
export function AuditJournal() {
  const me = useSignedInAgent();
  const [before, setBefore] = createSignal<number>();
  // The source is an object so that the first page (no cursor) loads too.
  const [page] = createResource(
    () => ({ cursor: before() }),
    async ({ cursor }) => {
      const response = await api.agent.administration.journal.$get({ query: cursor ? { avant: String(cursor) } : {} });
      return response.ok ? ((await response.json()) as AuditJournalPage) : { entries: [], nextCursor: null };
    },
  );
  const current = () => page();

  return (
    <Show when={me()} fallback={<p class="wrap" role="status">Chargement…</p>}>
      <StaffPage title="Journal des accès" tagline="Administration" nav={<AgentNav role="commune_admin" />}>
        <AuditTable page={current()} caption="Connexions, échecs, changements de rôle et révocations dans la commune, du plus récent au plus ancien" onOlder={setBefore} />
      </StaffPage>
    </Show>
  );
}
