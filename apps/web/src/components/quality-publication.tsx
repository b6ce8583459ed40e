import { createResource, createSignal, For, Show } from 'solid-js';
import { api } from '../api.ts';

/** The ended periods an administrator may publish, the latest first: the last eight quarters and three years (Paris time, as the server counts). */
function endedPeriods(today = new Date()): { key: string; label: string }[] {
  const [year, month] = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Paris' }).format(today).split('-').map(Number) as [number, number];
  const currentQuarter = Math.floor((month - 1) / 3) + 1;
  const quarters: { key: string; label: string }[] = [];
  for (let back = 1; back <= 8; back += 1) {
    const index = year * 4 + (currentQuarter - 1) - back;
    const [y, q] = [Math.floor(index / 4), (index % 4) + 1];
    quarters.push({ key: `${y}-T${q}`, label: `${q === 1 ? '1er' : `${q}e`} trimestre ${y}` });
  }
  const years = [1, 2, 3].map((back) => ({ key: String(year - back), label: `Année ${year - back}` }));
  return [...quarters, ...years];
}

/** Where a report is published from: a commune's back office, or the EPCI's console. */
const publishers = {
  commune: {
    publish: (periode: string) => api.agent.qualite.$post({ json: { periode } }),
    withdraw: (periode: string) => api.agent.qualite[':periode'].$delete({ param: { periode } }),
    where: 'le portail',
    page: 'du portail',
  },
  epci: {
    publish: (periode: string) => api.console.qualite.$post({ json: { periode } }),
    withdraw: (periode: string) => api.console.qualite[':periode'].$delete({ param: { periode } }),
    where: 'le site de l’intercommunalité',
    page: 'du site de l’intercommunalité (toutes les communes membres ensemble)',
  },
} as const;

/**
 * The public quality report, for a commune's administrators or the EPCI's staff: publish an
 * ended period (its figures computed now and frozen), publish it again, or withdraw it. Shown on
 * the site's /qualite.
 */
export function QualityPublication(props: { by: keyof typeof publishers }) {
  const publisher = () => publishers[props.by];
  const [said, setSaid] = createSignal('');
  const [reports, { refetch }] = createResource(async () => {
    const response = await api.qualite.$get();
    return response.ok ? (await response.json()).reports : [];
  });
  async function publish(event: SubmitEvent) {
    event.preventDefault();
    const periode = String(new FormData(event.currentTarget as HTMLFormElement).get('periode'));
    const response = await publisher().publish(periode);
    if (response.ok) setSaid(`${(await response.json()).figures.period.label} : période publiée sur ${publisher().where}.`);
    else setSaid(`La publication a échoué : ${await refusalOf(response)}`);
    await refetch();
  }
  async function withdraw(key: string, label: string) {
    const response = await publisher().withdraw(key);
    setSaid(response.ok ? `${label} : période retirée de ${publisher().where}.` : `Le retrait a échoué : ${await refusalOf(response)}`);
    await refetch();
  }
  return (
    <section aria-labelledby="rapport-qualite">
      <h2 id="rapport-qualite">Rapport qualité public</h2>
      <p>
        Les résultats publiés paraissent sur la page <a href="/qualite">Qualité du service</a> {publisher().page}, avec leurs données ouvertes ;
        aucun chiffre portant sur moins de 5 demandes n’y figure.
      </p>
      <form class="inbox-filters" onSubmit={publish} aria-label="Publier une période">
        <div class="field">
          <label for="periode-qualite">Période terminée</label>
          <select id="periode-qualite" name="periode">
            <For each={endedPeriods()}>{(period) => <option value={period.key}>{period.label}</option>}</For>
          </select>
        </div>
        <button type="submit" class="button">
          Publier
        </button>
      </form>
      <p role="status">{said()}</p>
      <Show when={(reports() ?? []).length > 0}>
        <ul>
          <For each={reports()}>
            {(report) => (
              <li>
                {report.figures.period.label}, publiée le {new Date(report.publishedAt).toLocaleDateString('fr-FR', { timeZone: 'Europe/Paris' })}{' '}
                <button type="button" class="button button--secondary" onClick={() => withdraw(report.figures.period.key, report.figures.period.label)}>
                  Retirer {report.figures.period.label}
                </button>
              </li>
            )}
          </For>
        </ul>
      </Show>
    </section>
  );
}

/** What a refusal says (its field's message, else its title). */
async function refusalOf(response: Response): Promise<string> {
  const problem = (await response.json().catch(() => ({}))) as { title?: string; errors?: { message: string }[] };
  return problem.errors?.[0]?.message ?? problem.title ?? 'réessayez dans un instant.';
}
