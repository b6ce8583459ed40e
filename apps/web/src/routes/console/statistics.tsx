import { useSearchParams } from '@solidjs/router';
import { createResource, For, Show } from 'solid-js';
import { api, type EpciStatistics } from '../../api.ts';
import { hours, IndicatorFigures, PeriodForm, periodOf, rating, share, Table } from '../../components/indicators.tsx';
import { Chart, namedBars } from '../../components/chart.tsx';
import { QualityPublication } from '../../components/quality-publication.tsx';
import { StaffPage } from '../../components/staff-page.tsx';
import { useSite } from '../../site-context.tsx';
import { ConsoleNav } from './console-nav.tsx';
import { useConsoleStaff } from './console-staff.ts';

/**
 * /console/statistiques: the member communes compared for a period, then their figures
 * consolidated, counted as a commune's are, with their CSV.
 */
export function ConsoleStatistics() {
  const site = useSite();
  const [search, setSearch] = useSearchParams<{ du?: string; au?: string; communes?: string }>();
  const period = () => periodOf(search);
  const chosen = () => search.communes?.split(',') ?? [];
  const query = () => ({ ...period(), ...(search.communes ? { communes: search.communes } : {}) });
  // Every commune ticked, or none, is the whole EPCI: the address stays short.
  function choose(dates: { du?: string; au?: string }, form: FormData) {
    const ticked = form.getAll('communes').map(String);
    const all = ticked.length === 0 || ticked.length === (statistics()?.members.length ?? 0);
    setSearch({ ...dates, communes: all ? undefined : ticked.join(',') });
  }
  const me = useConsoleStaff();
  const [statistics] = createResource(
    () => (me() ? query() : undefined),
    async (query): Promise<EpciStatistics | null> => {
      const response = await api.console.statistiques.$get({ query });
      return response.ok ? response.json() : null;
    },
  );
  const epci = () => {
    const current = site();
    return current.kind === 'epci' ? current.epci : null;
  };
  return (
    <Show when={me()} fallback={<p class="wrap" role="status">Chargement…</p>}>
      {(staff) => (
        <StaffPage title="Statistiques des communes membres" tagline="Console intercommunale" nav={<ConsoleNav name={staff().displayName} />}>
          <PeriodForm period={period()} onChoose={choose}>
            <Show when={statistics()?.members}>
              {(members) => (
                <fieldset class="field">
                  <legend>Communes</legend>
                  <For each={members()}>
                    {(member) => (
                      <label class="checkbox">
                        <input type="checkbox" name="communes" value={member.slug} checked={chosen().length === 0 || chosen().includes(member.slug)} /> {member.name}
                      </label>
                    )}
                  </For>
                </fieldset>
              )}
            </Show>
          </PeriodForm>
          <Show when={statistics() !== undefined} fallback={<p role="status">Chargement des chiffres…</p>}>
            <Show when={statistics()} fallback={<p class="notice notice--error" role="alert">Les chiffres n’ont pas pu être calculés : vérifiez les dates de la période et les communes choisies.</p>}>
              {(loaded) => (
                <>
                  <section aria-labelledby="communes-comparees">
                    <h2 id="communes-comparees">Les communes comparées</h2>
                    <Chart label="Demandes déposées par commune" draw={namedBars(loaded().communes.map((commune) => [commune.name, commune.filed] as const))} />
                    <Table caption="Par commune, pour la période" headers={['Commune', 'Déposées', 'Closes', 'Dans le délai annoncé', 'Délai médian de traitement', 'Satisfaction moyenne']}>
                      <For each={loaded().communes}>
                        {(commune) => (
                          <tr>
                            <th scope="row">{commune.name}</th>
                            <td>{commune.filed}</td>
                            <td>{commune.closed}</td>
                            <td>{share(commune.withinDelayShare)}</td>
                            <td>{hours(commune.processingMedianHours)}</td>
                            <td>{rating(commune.averageRating)}</td>
                          </tr>
                        )}
                      </For>
                    </Table>
                  </section>
                  <section aria-labelledby="comptes-usagers">
                    <h2 id="comptes-usagers">Les comptes usagers</h2>
                    <p>
                      {loaded().accounts.total} comptes usagers dans l’intercommunalité aujourd’hui (un compte sert dans toutes ses communes), dont{' '}
                      {loaded().accounts.franceconnect} reliés à FranceConnect{loaded().accounts.franceconnectShare === null ? '' : ` (${share(loaded().accounts.franceconnectShare)})`}.
                    </p>
                  </section>
                  <h2>Toutes les communes ensemble</h2>
                  <IndicatorFigures figures={loaded().consolidated} name={epci()?.name ?? ''} map={epci()?.map ?? null} />
                </>
              )}
            </Show>
          </Show>
          <QualityPublication by="epci" />
        </StaffPage>
      )}
    </Show>
  );
}
