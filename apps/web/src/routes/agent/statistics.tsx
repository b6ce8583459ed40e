import { useSearchParams } from '@solidjs/router';
import { createResource, Show } from 'solid-js';
import { api, type CommuneIndicators } from '../../api.ts';
import { figuresOf, IndicatorFigures, PeriodForm, periodOf, refusalOf } from '../../components/indicators.tsx';
import { QualityPublication } from '../../components/quality-publication.tsx';
import { StaffPage } from '../../components/staff-page.tsx';
import { useSite } from '../../site-context.tsx';
import { AgentNav } from './agent-nav.tsx';
import { useSignedInAgent } from './signed-in-agent.ts';

/**
 * /agent/statistiques: the commune's indicators for a period (a service manager's services only),
 * as key figures and tables, with their CSV. The counting rules are stated under the figures.
 */
export function Statistics() {
  const me = useSignedInAgent();
  const site = useSite();
  const [search, setSearch] = useSearchParams<{ du?: string; au?: string }>();
  const period = () => periodOf(search);
  const [indicators] = createResource(
    () => (me() ? period() : undefined),
    async (query): Promise<{ figures: CommuneIndicators } | { refused: string }> => {
      const response = await api.agent.statistiques.$get({ query });
      if (response.ok) return { figures: await response.json() };
      return {
        refused:
          response.status === 403
            ? 'Les statistiques sont réservées aux responsables de service, aux administrateurs et aux élus de la commune.'
            : 'Les chiffres n’ont pas pu être calculés : vérifiez les dates de la période.',
      };
    },
  );
  const commune = () => {
    const current = site();
    return current.kind === 'commune' ? current.commune : null;
  };

  return (
    <Show when={me()} fallback={<p class="wrap" role="status">Chargement…</p>}>
      {(agent) => (
        <StaffPage title="Statistiques" tagline="Espace agents" nav={<AgentNav role={agent().role} />}>
          <Show when={agent().role === 'service_manager'}>
            <p>Les chiffres de vos services.</p>
          </Show>
          <PeriodForm period={period()} onChoose={(dates) => setSearch(dates)} />
          <Show when={indicators() !== undefined} fallback={<p role="status">Chargement des chiffres…</p>}>
            <Show when={figuresOf(indicators())} fallback={<p class="notice notice--error" role="alert">{refusalOf(indicators())}</p>}>
              {(figures) => <IndicatorFigures figures={figures()} name={commune()?.name ?? ''} map={commune()?.map ?? null} />}
            </Show>
          </Show>
          <Show when={agent().role === 'commune_admin'}>
            <QualityPublication by="commune" />
          </Show>
        </StaffPage>
      )}
    </Show>
  );
}
