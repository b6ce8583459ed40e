import { createResource, For, Match, Show, Switch, type JSX } from 'solid-js';
import { ofCommune } from '@guichet/tenants/commune-name';
import { api, type QualityReport } from '../../api.ts';
import { Figure, hours, rating, share } from '../../components/indicators.tsx';
import { useSite } from '../../site-context.tsx';
import { PortalPage } from '../citizen/portal-page.tsx';
import { EpciPage } from '../epci-page.tsx';
import { PageNotFound } from '../page-not-found.tsx';

const count = (value: number | null) => (value === null ? 'moins de 5' : String(value));

/**
 * /qualite: the results the commune publishes (Services Publics+, engagement 6), period by
 * period as its administrator published them, with how they are counted and their open data; on
 * the EPCI's site, the EPCI's for all its member communes together.
 */
export function QualityReportPage() {
  const site = useSite();
  const title = 'Qualité du service';
  return (
    <Switch fallback={<PageNotFound />}>
      <Match when={site().kind === 'commune' && site()} keyed>
        {(current) =>
          current.kind === 'commune' && (
            <PortalPage title={title}>
              <PublishedReports>
                La mairie {ofCommune(current.commune.name)} publie ses résultats : délais annoncés et tenus, délai de traitement, satisfaction des usagers,
                réclamations traitées (référentiel Services Publics+).
              </PublishedReports>
            </PortalPage>
          )
        }
      </Match>
      <Match when={site().kind === 'epci' && site()} keyed>
        {(current) =>
          current.kind === 'epci' && (
            <EpciPage epci={current.epci} title={title}>
              <PublishedReports>
                {current.epci.name} publie les résultats de l’ensemble de ses communes membres : délais annoncés et tenus, délai de traitement, satisfaction
                des usagers, réclamations traitées (référentiel Services Publics+). Chaque commune publie aussi les siens sur son portail.
              </PublishedReports>
            </EpciPage>
          )
        }
      </Match>
    </Switch>
  );
}

/** The site's published periods, introduced by `children`, with their open data and how they are counted. */
function PublishedReports(props: { children: JSX.Element }) {
  const [reports] = createResource(async () => {
    const response = await api.qualite.$get();
    return response.ok ? (await response.json()).reports : [];
  });
  return (
    <>
      <p class="lead">{props.children}</p>
      <Show when={reports()} fallback={<p role="status">Chargement…</p>}>
        {(loaded) => (
          <Show when={loaded().length > 0} fallback={<p>Aucune période n’est encore publiée.</p>}>
            <p>
              <a class="button button--secondary" href="/api/qualite/donnees.csv" download="">
                Télécharger les données (CSV)
              </a>
            </p>
            <For each={loaded()}>{(report) => <PublishedPeriod report={report} />}</For>
          </Show>
        )}
      </Show>
      <section class="card" aria-labelledby="methode-qualite">
        <h2 id="methode-qualite">Comment ces chiffres sont établis</h2>
        <ul>
          <li>Toutes les demandes comptent, quel que soit leur canal : portail, téléphone, accueil, courriel, courrier.</li>
          <li>Une demande est close dans le délai annoncé quand sa clôture définitive intervient avant l’échéance en jours ouvrés.</li>
          <li>Les délais ne comptent pas le temps où la demande attendait une réponse de l’usager.</li>
          <li>Un doublon fusionné avec une autre demande n’est pas compté comme traité.</li>
          <li>Aucun chiffre portant sur moins de 5 demandes n’est publié, pour que personne ne puisse être reconnu.</li>
          <li>Les chiffres d’une période sont ceux du jour de sa publication.</li>
        </ul>
      </section>
    </>
  );
}

function PublishedPeriod(props: { report: QualityReport }) {
  const f = () => props.report.figures;
  const id = () => `periode-${f().period.key}`;
  return (
    <section class="card" aria-labelledby={id()}>
      <h2 id={id()}>{f().period.label}</h2>
      <dl class="key-figures">
        <Figure label="Demandes reçues" value={count(f().filed)} />
        <Figure label="Closes dans le délai annoncé" value={share(f().withinDelay.share)} />
        <Figure label="Délai médian de traitement" value={hours(f().processingMedianHours)} />
        <Figure label="Satisfaction moyenne" value={rating(f().satisfaction.average)} />
        <Figure label="Réclamations reçues" value={count(f().complaints.received)} />
        <Figure label="Réclamations ayant reçu une réponse dans le délai" value={share(f().complaints.answeredWithinDelay)} />
      </dl>
      <Show when={f().procedures.length > 0}>
        <div class="table-scroll">
          <table class="table">
            <caption>Délais annoncés et tenus, par démarche</caption>
            <thead>
              <tr>
                <th scope="col">Démarche</th>
                <th scope="col">Délai annoncé</th>
                <th scope="col">Demandes closes</th>
                <th scope="col">Dans le délai</th>
              </tr>
            </thead>
            <tbody>
              <For each={f().procedures}>
                {(procedure) => (
                  <tr>
                    <th scope="row">{procedure.title}</th>
                    <td>{procedure.delayDays} jours ouvrés</td>
                    <td>{count(procedure.closed)}</td>
                    <td>{share(procedure.withinDelay)}</td>
                  </tr>
                )}
              </For>
            </tbody>
          </table>
        </div>
      </Show>
      <p>
        {count(f().satisfaction.ratings)} avis
        {f().satisfaction.satisfiedShare === null ? '' : `, dont ${share(f().satisfaction.satisfiedShare)} de notes 4 ou 5 sur 5`} ; {count(f().suggestions.received)}{' '}
        suggestions reçues. Publié le {new Date(props.report.publishedAt).toLocaleDateString('fr-FR', { timeZone: 'Europe/Paris' })}.
      </p>
    </section>
  );
}
