import { useSearchParams } from '@solidjs/router';
import { createMemo, createResource, For, onCleanup, Show, type JSX } from 'solid-js';
import { api, type CommuneIndicators } from '../../api.ts';
import { StaffPage } from '../../components/staff-page.tsx';
import { useSite } from '../../site-context.tsx';
import { AgentNav } from './agent-nav.tsx';
import { channelLabels } from './requests/request-labels.ts';
import { useSignedInAgent } from './signed-in-agent.ts';

type PeriodSearch = { du?: string; au?: string };

const parisDay = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Paris' });
const dayInWords = new Intl.DateTimeFormat('fr-FR', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
const number = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 1 });
const percent = new Intl.NumberFormat('fr-FR', { style: 'percent', maximumFractionDigits: 1 });

/** By default, the current month up to today. */
function defaultPeriod(): { du: string; au: string } {
  const today = parisDay.format(new Date());
  return { du: `${today.slice(0, 8)}01`, au: today };
}

const hours = (value: number | null) => (value === null ? '—' : value < 1 ? 'moins d’une heure' : value < 48 ? `${number.format(value)} h` : `${number.format(value / 24)} j`);
const share = (value: number | null) => (value === null ? '—' : percent.format(value));

/**
 * /agent/statistiques: the commune's indicators for a period (a service manager's services only),
 * as key figures and tables, with their CSV. The counting rules are stated under the figures.
 */
export function Statistics() {
  const me = useSignedInAgent();
  const site = useSite();
  const [search, setSearch] = useSearchParams<PeriodSearch>();
  const period = () => ({ ...defaultPeriod(), ...Object.fromEntries(Object.entries(search).filter(([, value]) => value)) }) as { du: string; au: string };
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
  const communeName = () => {
    const current = site();
    return current.kind === 'commune' ? current.commune.name : '';
  };

  function choose(event: SubmitEvent) {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    setSearch({ du: String(form.get('du') || '') || undefined, au: String(form.get('au') || '') || undefined });
  }

  return (
    <Show when={me()} fallback={<p class="wrap" role="status">Chargement…</p>}>
      {(agent) => (
        <StaffPage title="Statistiques" tagline="Espace agents" nav={<AgentNav role={agent().role} />}>
          <Show when={agent().role === 'service_manager'}>
            <p>Les chiffres de vos services.</p>
          </Show>
          <form class="inbox-filters" onSubmit={choose} aria-label="Période">
            <div class="field">
              <label for="statistiques-du">Du</label>
              <input id="statistiques-du" name="du" type="date" value={period().du} required />
            </div>
            <div class="field">
              <label for="statistiques-au">au</label>
              <input id="statistiques-au" name="au" type="date" value={period().au} required />
            </div>
            <button type="submit" class="button">Afficher</button>
          </form>
          <Show when={indicators() !== undefined} fallback={<p role="status">Chargement des chiffres…</p>}>
            <Show when={figuresOf(indicators())} fallback={<p class="notice notice--error" role="alert">{refusalOf(indicators())}</p>}>
              {(figures) => <Figures figures={figures()} commune={communeName()} />}
            </Show>
          </Show>
        </StaffPage>
      )}
    </Show>
  );
}

const figuresOf = (answer: { figures: CommuneIndicators } | { refused: string } | undefined) => (answer && 'figures' in answer ? answer.figures : undefined);
const refusalOf = (answer: { figures: CommuneIndicators } | { refused: string } | undefined) => (answer && 'refused' in answer ? answer.refused : '');

function Figures(props: { figures: CommuneIndicators; commune: string }) {
  const f = () => props.figures;
  const from = () => dayInWords.format(new Date(f().period.from));
  const to = () => dayInWords.format(new Date(f().period.to));
  return (
    <>
      <p role="status">
        Du {from()} au {to()}.
      </p>
      <CsvLink figures={f()} commune={props.commune} />
      <section aria-labelledby="chiffres-cles">
        <h2 id="chiffres-cles">Chiffres clés</h2>
        <dl class="key-figures">
          <Figure label="Demandes déposées" value={String(f().filed.total)} />
          <Figure label="Demandes closes" value={String(f().closed.total)} />
          <Figure label="Closes dans le délai annoncé" value={share(f().withinDelay.share)} />
          <Figure label="Délai médian de traitement" value={hours(f().delays.processing.medianHours)} />
          <Figure label="Satisfaction moyenne" value={f().satisfaction.average === null ? '—' : `${number.format(f().satisfaction.average!)} / 5`} />
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
        <CountTable caption="Par canal" label="Canal" rows={f().filed.byChannel.map((row) => [channelLabels[row.channel], row.count])} />
        <CountTable caption="Par service" label="Service" rows={f().filed.byService.map((row) => [row.name, row.count])} />
        <CountTable caption="Par démarche" label="Démarche" rows={f().filed.byProcedure.map((row) => [row.title, row.count])} />
        <CountTable caption="Par jour" label="Jour" rows={f().filed.byDay.map((row) => [dayInWords.format(new Date(row.day)), row.count])} />
      </section>

      <section aria-labelledby="satisfaction">
        <h2 id="satisfaction">Satisfaction</h2>
        <p>
          {f().satisfaction.ratings} avis ; {share(f().satisfaction.satisfiedShare)} de notes 4 ou 5 sur 5.
        </p>
        <CountTable caption="Notes données à la clôture" label="Note" rows={f().satisfaction.distribution.map((count, index) => [`${index + 1} sur 5`, count])} />
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

function Figure(props: { label: string; value: string }) {
  return (
    <div>
      <dt>{props.label}</dt>
      <dd>{props.value}</dd>
    </div>
  );
}

function Table(props: { caption: string; headers: string[]; children: JSX.Element }) {
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

function CountTable(props: { caption: string; label: string; rows: (readonly [string, number])[] }) {
  return (
    <Show when={props.rows.length > 0} fallback={<p>{props.caption} : aucune demande.</p>}>
      <Table caption={props.caption} headers={[props.label, 'Demandes']}>
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
function CsvLink(props: { figures: CommuneIndicators; commune: string }) {
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
      ...f.filed.byDay.map((row) => ['Demandes déposées', `jour : ${row.day}`, row.count]),
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
    ];
    const text = rows.map((row) => row.map(csvCell).join(';')).join('\r\n');
    return URL.createObjectURL(new Blob(['\ufeff', text], { type: 'text/csv;charset=utf-8' }));
  });
  onCleanup(() => URL.revokeObjectURL(url()));
  const name = () => `statistiques-${props.commune.toLowerCase().replace(/[^a-z0-9]+/g, '-')}-${props.figures.period.from}-${props.figures.period.to}.csv`;
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
