import { useParams } from '@solidjs/router';
import { createResource, For, Show } from 'solid-js';
import { delayText, feeText } from './catalogue-format.ts';
import { loadProcedure } from './load-procedure.ts';
import { PortalFrame } from './portal-frame.tsx';
import { Breadcrumb } from '../../components/breadcrumb.tsx';

/** /demarches/:slug: what a procedure is, what it takes, how long it lasts, before filing it. */
export function ProcedurePage() {
  const params = useParams<{ slug: string }>();
  const [procedure] = createResource(() => params.slug, loadProcedure);
  const title = () => {
    const current = procedure();
    if (current === undefined) return 'Démarche';
    return current === null ? 'Démarche introuvable' : current.title;
  };

  return (
    <PortalFrame title={title()}>
      {() => (
        <>
          <Breadcrumb trail={[{ label: 'Démarches en ligne', href: '/demarches' }]} current={title()} />
          <Show when={procedure() !== undefined} fallback={<p role="status">Chargement…</p>}>
            <Show
              when={procedure()}
              fallback={
                <>
                  <h1>Démarche introuvable</h1>
                  <p>
                    Cette démarche n’existe pas ou n’est plus proposée en ligne. Consultez la <a href="/demarches">liste des démarches</a>.
                  </p>
                </>
              }
            >
              {(current) => (
                <article class="procedure">
                  <h1>{current().title}</h1>
                  <Show when={!current().published}>
                    <p class="notice">Cette démarche n’est pas publiée : seuls les administrateurs de la commune la voient.</p>
                  </Show>
                  <p class="lead">{current().summary}</p>
                  <dl class="facts procedure__facts">
                    <dt>Réponse</dt>
                    <dd>{delayText(current().delayDays)}</dd>
                    <dt>Coût</dt>
                    <dd>{feeText(current().feeCents)}</dd>
                    <dt>Service</dt>
                    <dd>{current().service.name}</dd>
                    <Show when={current().decisionRequired}>
                      <dt>Décision</dt>
                      <dd>Votre demande est soumise à la décision du maire ou d’un élu.</dd>
                    </Show>
                  </dl>
                  <section aria-labelledby="description-titre">
                    <h2 id="description-titre">En quoi consiste cette démarche</h2>
                    <p>{current().description}</p>
                  </section>
                  <section aria-labelledby="etapes-titre">
                    <h2 id="etapes-titre">Les étapes</h2>
                    <ol class="procedure__steps">
                      <For each={current().steps}>{(step) => <li>{step}</li>}</For>
                    </ol>
                  </section>
                  <section aria-labelledby="pieces-titre">
                    <h2 id="pieces-titre">Pièces à fournir</h2>
                    <Show when={current().requiredDocuments.length > 0} fallback={<p>Aucune pièce justificative n’est demandée.</p>}>
                      <ul>
                        <For each={current().requiredDocuments}>
                          {(document) => (
                            <li>
                              {document.label}
                              {document.required ? '' : ' (facultatif)'}
                            </li>
                          )}
                        </For>
                      </ul>
                    </Show>
                  </section>
                  <p class="procedure__action">
                    <a class="button" href={`/demarches/${current().slug}/demande`}>
                      Faire la demande
                    </a>
                    <Show when={current().anonymousAllowed}>
                      <span class="hint"> Possible sans créer de compte.</span>
                    </Show>
                  </p>
                </article>
              )}
            </Show>
          </Show>
        </>
      )}
    </PortalFrame>
  );
}
