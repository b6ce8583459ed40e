import { createMemo, createResource, createSignal, For, Show } from 'solid-js';
import { api } from '../../api.ts';
import { delayText, feeText, searchKey } from './catalogue-format.ts';
import { PortalFrame } from './portal-frame.tsx';
import { Breadcrumb } from '../../components/breadcrumb.tsx';
import { ofCommune } from '@guichet/tenants/commune-name';

async function loadCatalogue() {
  const response = await api.catalogue.$get();
  if (!response.ok) throw new Error(`catalogue: ${response.status}`);
  return (await response.json()).themes;
}

/** /demarches: the commune's procedures, theme by theme, with a search box. */
export function CataloguePage() {
  const [themes] = createResource(loadCatalogue);
  const [query, setQuery] = createSignal('');
  const shown = createMemo(() => {
    const wanted = searchKey(query().trim());
    return (themes() ?? [])
      .map((theme) => ({
        ...theme,
        procedures: theme.procedures.filter((procedure) => searchKey(`${procedure.title} ${procedure.summary}`).includes(wanted)),
      }))
      .filter((theme) => theme.procedures.length > 0);
  });
  const count = () => shown().reduce((total, theme) => total + theme.procedures.length, 0);

  return (
    <PortalFrame title="Démarches en ligne">
      {(commune) => (
        <>
          <Breadcrumb trail={[]} current="Démarches en ligne" />
          <h1>Démarches en ligne</h1>
          <p class="lead">Faites vos demandes à la mairie {ofCommune(commune.name)} en ligne, 24 h/24 et 7 j/7, et suivez-les jusqu’à la réponse.</p>
          <form role="search" class="catalogue-search" onSubmit={(event) => event.preventDefault()}>
            <label for="recherche-demarche">Rechercher une démarche</label>
            <input
              id="recherche-demarche"
              type="search"
              autocomplete="off"
              aria-describedby="recherche-resultat"
              value={query()}
              onInput={(event) => setQuery(event.currentTarget.value)}
            />
          </form>
          <Show when={themes()} fallback={<p role="status">Chargement des démarches…</p>}>
            <p id="recherche-resultat" role="status" class="hint">
              {count() === 0
                ? `Aucune démarche ne correspond à « ${query().trim()} ».`
                : `${count()} ${count() > 1 ? 'démarches' : 'démarche'}${query().trim() ? ` pour « ${query().trim()} »` : ''}`}
            </p>
            <For each={shown()}>
              {(theme) => (
                <section class="catalogue-theme" aria-labelledby={`theme-${theme.slug}`}>
                  <h2 id={`theme-${theme.slug}`}>{theme.title}</h2>
                  <Show when={theme.description}>{(description) => <p class="hint">{description()}</p>}</Show>
                  <ul class="procedure-list">
                    <For each={theme.procedures}>
                      {(procedure) => (
                        <li class="procedure-card">
                          <a href={`/demarches/${procedure.slug}`} class="procedure-card__title">
                            {procedure.title}
                          </a>
                          <Show when={!procedure.published}>
                            <span class="draft-badge">Non publiée</span>
                          </Show>
                          <p>{procedure.summary}</p>
                          <p class="procedure-card__facts">
                            {delayText(procedure.delayDays)} · {feeText(procedure.feeCents)}
                            {procedure.anonymousAllowed ? ' · Possible sans compte' : ''}
                          </p>
                        </li>
                      )}
                    </For>
                  </ul>
                </section>
              )}
            </For>
          </Show>
        </>
      )}
    </PortalFrame>
  );
}
