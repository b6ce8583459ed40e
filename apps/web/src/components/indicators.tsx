import { createMemo, For, lazy, onCleanup, Show, type ComponentProps, type JSX } from 'solid-js';
import type { CommuneIndicators } from '../api.ts';
import type { CommuneMap } from './forms/form-state.ts';
import { channelLabels } from '../routes/agent/requests/request-labels.ts';
import { Chart, namedBars, seriesColumns } from './chart.tsx';

type PeriodSearch = { du?: string; au?: string };

// Leaflet loads with the map, on the dashboards that show one.
const PlacesMap = lazy(() => import('./places-map.tsx'));

const parisDay = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Paris' });
const dayInWords = new Intl.DateTimeFormat('fr-FR', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
const monthInWords = new Intl.DateTimeFormat('fr-FR', { month: 'long', year: 'numeric', timeZone: 'UTC' });
const number = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 1 });
const coordinate = new Intl.NumberFormat('fr-FR', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const percent = new Intl.NumberFormat('fr-FR', { style: 'percent', maximumFractionDigits: 1 });

/** The period a dashboard shows: the URL's, else the current month up to today. */
export function periodOf(search: PeriodSearch): { du: string; au: string } {
  const today = parisDay.format(new Date());
  return { du: search.du || `${today.slice(0, 8)}01`, au: search.au || today };
}

export const hours = (value: number | null) => (value === null ? '—' : value < 1 ? 'moins d’une heure' : value < 48 ? `${number.format(value)} h` : `${number.format(value / 24)} j`);
export const share = (value: number | null) => (value === null ? '—' : percent.format(value));
export const rating = (value: number | null) => (value === null ? '—' : `${number.format(value)} / 5`);

/** The period's two dates (and the page's own filters, as children), and a button to show them. */
export function PeriodForm(props: { period: { du: string; au: string }; onChoose: (period: PeriodSearch, form: FormData) => void; children?: JSX.Element }) {
  function choose(event: SubmitEvent) {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    props.onChoose({ du: String(form.get('du') || '') || undefined, au: String(form.get('au') || '') || undefined }, form);
  }
  return (
    <form class="inbox-filters" onSubmit={choose} aria-label="Période">
      <div class="field">
        <label for="statistiques-du">Du</label>
        <input id="statistiques-du" name="du" type="date" value={props.period.du} required />
      </div>
      <div class="field">
        <label for="statistiques-au">au</label>
        <input id="statistiques-au" name="au" type="date" value={props.period.au} required />
      </div>
      {props.children}
      <button type="submit" class="button">Afficher</button>
    </form>
  );
}

export const figuresOf = (answer: { figures: CommuneIndicators } | { refused: string } | undefined) => (answer && 'figures' in answer ? answer.figures : undefined);
export const refusalOf = (answer: { figures: CommuneIndicators } | { refused: string } | undefined) => (answer && 'refused' in answer ? answer.refused : '');

/**
 * Every figure of a commune's (or an EPCI's consolidated) indicators, as key figures and tables,
 * with their CSV and the counting rules; with the commune's map, where its requests were.
 */
export function IndicatorFigures(props: { figures: CommuneIndicators; name: string; map?: CommuneMap | null }) {
  const f = () => props.figures;
  const from = () => dayInWords.format(new Date(f().period.from));
  const to = () => dayInWords.format(new Date(f().period.to));
  return (
    <>
      <p role="status">
        Du {from()} au {to()}.
      </p>
      <CsvLink figures={f()} name={props.name} />
      <section aria-labelledby="chiffres-cles">
        <h2 id="chiffres-cles">Chiffres clés</h2>
        <dl class="key-figures">
          <Figure label="Demandes déposées" value={String(f().filed.total)} />
          <Figure label="Demandes closes" value={String(f().closed.total)} />
          <Figure label="Closes dans le délai annoncé" value={share(f().withinDelay.share)} />
          <Figure label="Délai médian de traitement" value={hours(f().delays.processing.medianHours)} />
          <Figure label="Satisfaction moyenne" value={rating(f().satisfaction.average)} />
          <Figure label="En cours aujourd’hui" value={String(f().backlog.open)} />
        </dl>
      </section>

      <section aria-labelledby="delais">
        <h2 id="delais">Délais</h2>
        <Table caption="Temps écoulé depuis le dépôt, sans le temps d’attente d’une réponse de l’usager" headers={['Étape', 'Demandes', 'Médiane', '90 % en moins de']}>
          <For
            each={[
              ['Prise en compte', f().delays.acknowledgement],
              ['Première réponse', f().delays.firstAnswer],
              ['Clôture', f().delays.processing],
            ] as const}
          >
            {([label, duration]) => (
              <tr>
                <th scope="row">{label}</th>
                <td>{duration.count}</td>
                <td>{hours(duration.medianHours)}</td>
                <td>{hours(duration.p90Hours)}</td>
              </tr>
            )}
          </For>
        </Table>
        <p>
          {f().withinDelay.onTime} demande{f().withinDelay.onTime > 1 ? 's' : ''} sur {f().withinDelay.closed} close{f().withinDelay.closed > 1 ? 's' : ''} dans le délai annoncé ;{' '}
          {f().closed.reopenings} réouverture{f().closed.reopenings > 1 ? 's' : ''}, {f().closed.transfers} transfert{f().closed.transfers > 1 ? 's' : ''} entre services,{' '}
          {f().closed.merged} doublon{f().closed.merged > 1 ? 's' : ''} fusionné{f().closed.merged > 1 ? 's' : ''}.
        </p>
      </section>

      <section aria-labelledby="volumes">
        <h2 id="volumes">Demandes déposées</h2>
        <CountTable
          caption={f().filed.series.unit === 'jour' ? 'Par jour' : 'Par mois'}
          label={f().filed.series.unit === 'jour' ? 'Jour' : 'Mois'}
          rows={f().filed.series.points.map((point) => [(f().filed.series.unit === 'jour' ? dayInWords : monthInWords).format(new Date(point.start)), point.count])}
          draw={seriesColumns(f().filed.series)}
        />
        <CountTable caption="Par canal" label="Canal" rows={f().filed.byChannel.map((row) => [channelLabels[row.channel], row.count])} />
        <CountTable caption="Par service" label="Service" rows={f().filed.byService.map((row) => [row.name, row.count])} />
        <CountTable caption="Par démarche" label="Démarche" rows={f().filed.byProcedure.map((row) => [row.title, row.count])} />
      </section>

      <Show when={f().places}>{(places) => <Places places={places()} map={props.map ?? null} acrossCommunes={new Set(places().sectors.map((row) => row.commune)).size > 1} />}</Show>

      <Show when={f().adoption}>
        {(adoption) => (
          <section aria-labelledby="adoption">
            <h2 id="adoption">Les usagers et le portail</h2>
            <dl class="key-figures">
              <Figure label="Usagers venus pour la première fois" value={String(adoption().newCitizens)} />
              <Figure label="Usagers ayant déjà fait une demande" value={String(adoption().citizens)} />
              <Figure label="Dont reliés à FranceConnect" value={share(adoption().franceconnectShare)} />
              <Figure label="Demandes déposées en ligne" value={share(adoption().onlineShare)} />
            </dl>
            <p>
              Un usager est compté à sa première demande dans la commune, faite depuis son compte (les demandes enregistrées par un agent pour un usager sans
              compte n’en comptent pas) ; « déjà » : jusqu’à la fin de la période. Pour plusieurs communes, un usager venu dans deux d’entre elles compte
              dans chacune.
            </p>
          </section>
        )}
      </Show>

      <section aria-labelledby="satisfaction">
        <h2 id="satisfaction">Satisfaction</h2>
        <p>
          {f().satisfaction.ratings} avis ; {share(f().satisfaction.satisfiedShare)} de notes 4 ou 5 sur 5.
        </p>
        <CountTable
          caption="Notes données à la clôture"
          label="Note"
          counted="Avis"
          rows={f().satisfaction.distribution.map((count, index) => [`${index + 1} sur 5`, count])}
        />
      </section>

      <section aria-labelledby="en-cours">
        <h2 id="en-cours">Demandes en cours</h2>
        <p>
          {f().backlog.open} demande{f().backlog.open > 1 ? 's' : ''} en cours aujourd’hui
          {f().backlog.medianAgeDays === null ? '' : `, déposées il y a ${number.format(f().backlog.medianAgeDays!)} jours en médiane`} ; {f().backlog.olderThan30Days} depuis plus de 30 jours.
        </p>
      </section>

      <section aria-labelledby="methode">
        <h2 id="methode">Comment ces chiffres sont comptés</h2>
        <ul>
          <li>Les demandes déposées sont comptées au jour de leur dépôt ; les clôtures, délais et avis au jour de la clôture définitive.</li>
          <li>Les délais ne comptent pas le temps où la demande attendait une réponse de l’usager.</li>
          <li>Une demande rouverte reste une seule demande : son délai court jusqu’à sa dernière clôture ; les réouvertures sont comptées à part.</li>
          <li>Une demande transférée compte pour le service qui l’a close ; un doublon fusionné n’est pas compté comme traité.</li>
          <li>Les chiffres sont à jour à une minute près.</li>
        </ul>
      </section>
    </>
  );
}

/** Where the requests were: by sector (with a map where the commune has one), by map cell. */
type PlaceFigures = NonNullable<CommuneIndicators['places']>;

function Places(props: { places: PlaceFigures; map: CommuneMap | null; acrossCommunes: boolean }) {
  const sectorName = (row: PlaceFigures['sectors'][number]) => (props.acrossCommunes ? `${row.commune} – ${row.name}` : row.name);
  return (
    <section aria-labelledby="lieux">
      <h2 id="lieux">Par lieu</h2>
      <Show when={props.places.sectors.length > 0} fallback={<p>Aucune demande dans la période.</p>}>
        <Show when={props.map}>
          {(map) => (
            <figure class="places-figure">
              <PlacesMap map={map()} places={props.places} />
              <figcaption>Les secteurs sont d’autant plus foncés qu’on y a déposé plus de demandes ; les carrés rouges sont les mailles d’un kilomètre environ où des demandes ont été situées. Les chiffres sont dans les tableaux qui suivent.</figcaption>
            </figure>
          )}
        </Show>
        <h3>Par secteur</h3>
        <Chart label="Demandes déposées par secteur" draw={namedBars(props.places.sectors.map((row) => [sectorName(row), row.filed]))} />
        <Table caption="Par secteur" headers={['Secteur', 'Déposées', 'Closes', 'Dans le délai annoncé']}>
          <For each={props.places.sectors}>
            {(row) => (
              <tr>
                <th scope="row">{sectorName(row)}</th>
                <td>{row.filed}</td>
                <td>{row.closed}</td>
                <td>{share(row.closed === 0 ? null : row.onTime / row.closed)}</td>
              </tr>
            )}
          </For>
        </Table>
        <p>
          {props.places.unlocated} demande{props.places.unlocated > 1 ? 's' : ''} déposée{props.places.unlocated > 1 ? 's' : ''} sans lieu.
        </p>
        <Show when={props.places.cells.length > 0}>
          <details>
            <summary>Les mailles de la carte ({props.places.cells.length})</summary>
            <Table caption="Demandes déposées par maille d’un kilomètre environ" headers={['Centre de la maille (latitude, longitude)', 'Demandes']}>
              <For each={props.places.cells}>
                {(cell) => (
                  <tr>
                    <th scope="row">
                      {coordinate.format(cell.latitude)} ; {coordinate.format(cell.longitude)}
                    </th>
                    <td>{cell.filed}</td>
                  </tr>
                )}
              </For>
            </Table>
          </details>
        </Show>
      </Show>
    </section>
  );
}

export function Figure(props: { label: string; value: string }) {
  return (
    <div>
      <dt>{props.label}</dt>
      <dd>{props.value}</dd>
    </div>
  );
}

export function Table(props: { caption: string; headers: string[]; children: JSX.Element }) {
  return (
    <div class="table-scroll">
      <table class="table">
        <caption>{props.caption}</caption>
        <thead>
          <tr>
            <For each={props.headers}>{(header) => <th scope="col">{header}</th>}</For>
          </tr>
        </thead>
        <tbody>{props.children}</tbody>
      </table>
    </div>
  );
}

/** Counts with their chart (bars by name, unless another drawing is given) above their table. */
function CountTable(props: { caption: string; label: string; counted?: string; rows: (readonly [string, number])[]; draw?: ComponentProps<typeof Chart>['draw'] }) {
  return (
    <Show when={props.rows.length > 0} fallback={<p>{props.caption} : aucune demande.</p>}>
      <h3>{props.caption}</h3>
      <Chart label={props.caption} draw={props.draw ?? namedBars(props.rows, props.counted)} />
      <Table caption={props.caption} headers={[props.label, props.counted ?? 'Demandes']}>
        <For each={props.rows}>
          {([name, count]) => (
            <tr>
              <th scope="row">{name}</th>
              <td>{count}</td>
            </tr>
          )}
        </For>
      </Table>
    </Show>
  );
}

/** The figures as a CSV a spreadsheet opens (semicolons, UTF-8 with its mark), built in the browser. */
function CsvLink(props: { figures: CommuneIndicators; name: string }) {
  const url = createMemo(() => {
    const f = props.figures;
    const rows: (string | number | null)[][] = [
      ['Indicateur', 'Détail', 'Valeur'],
      ['Période', 'du', f.period.from],
      ['Période', 'au', f.period.to],
      ['Demandes déposées', 'total', f.filed.total],
      ...f.filed.byChannel.map((row) => ['Demandes déposées', `canal : ${channelLabels[row.channel]}`, row.count]),
      ...f.filed.byService.map((row) => ['Demandes déposées', `service : ${row.name}`, row.count]),
      ...f.filed.byProcedure.map((row) => ['Demandes déposées', `démarche : ${row.title}`, row.count]),
      ...f.filed.series.points.map((point) => ['Demandes déposées', `${f.filed.series.unit} : ${point.start}`, point.count]),
      ['Demandes closes', 'total', f.closed.total],
      ['Demandes closes', 'dans le délai annoncé', f.withinDelay.onTime],
      ['Doublons fusionnés', '', f.closed.merged],
      ['Réouvertures', '', f.closed.reopenings],
      ['Transferts', '', f.closed.transfers],
      ...(
        [
          ['Prise en compte', f.delays.acknowledgement],
          ['Première réponse', f.delays.firstAnswer],
          ['Clôture', f.delays.processing],
        ] as const
      ).flatMap(([label, duration]) => [
        [`Délai : ${label}`, 'médiane (heures)', duration.medianHours],
        [`Délai : ${label}`, '90 % en moins de (heures)', duration.p90Hours],
      ]),
      ['Satisfaction', 'avis', f.satisfaction.ratings],
      ['Satisfaction', 'moyenne sur 5', f.satisfaction.average],
      ...f.satisfaction.distribution.map((count, index) => ['Satisfaction', `notes ${index + 1} sur 5`, count]),
      ['Demandes en cours', 'aujourd’hui', f.backlog.open],
      ...(f.adoption
        ? [
            ['Usagers', 'venus pour la première fois', f.adoption.newCitizens],
            ['Usagers', 'ayant déjà fait une demande', f.adoption.citizens],
            ['Usagers', 'part reliée à FranceConnect', f.adoption.franceconnectShare],
            ['Demandes déposées', 'part en ligne', f.adoption.onlineShare],
          ]
        : []),
      ...(f.places?.sectors ?? []).flatMap((row) => [
        ['Demandes déposées', `secteur : ${row.commune} – ${row.name}`, row.filed],
        ['Demandes closes', `secteur : ${row.commune} – ${row.name}`, row.closed],
        ['Demandes closes dans le délai annoncé', `secteur : ${row.commune} – ${row.name}`, row.onTime],
      ]),
      ...(f.places?.cells ?? []).map((cell) => ['Demandes déposées', `maille : ${cell.cell}`, cell.filed]),
    ];
    const text = rows.map((row) => row.map(csvCell).join(';')).join('\r\n');
    return URL.createObjectURL(new Blob(['\ufeff', text], { type: 'text/csv;charset=utf-8' }));
  });
  onCleanup(() => URL.revokeObjectURL(url()));
  const name = () => `statistiques-${props.name.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replace(/[^a-z0-9]+/g, '-')}-${props.figures.period.from}-${props.figures.period.to}.csv`;
  return (
    <p>
      <a class="button button--secondary" href={url()} download={name()}>
        Télécharger les chiffres (CSV)
      </a>
    </p>
  );
}

function csvCell(value: string | number | null): string {
  if (value === null) return '';
  if (typeof value === 'number') return String(value).replace('.', ',');
  return /[";\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}
