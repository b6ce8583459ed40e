import { useNavigate } from '@solidjs/router';
import { createResource, createSignal, For, lazy, Show, type Resource } from 'solid-js';
import { api } from '../../../api.ts';
import { StaffPage } from '../../../components/staff-page.tsx';
import { createForm, FormProblem } from '../../citizen/form-fields.tsx';
import { AgentNav } from '../agent-nav.tsx';
import { useSignedInAgent } from '../signed-in-agent.ts';
import { slugFromTitle } from './form-draft.ts';

type Choice = { slug: string; title: string };

// Its own chunk: bundled with the form helpers it shares, it weighed on the citizen's filing form.
const TemplateUpdates = lazy(() => import('./template-updates.tsx').then((module) => ({ default: module.TemplateUpdates })));

/**
 * /agent/administration/demarches: the commune's catalogue as its administrator keeps it, drafts
 * included, theme by theme; each démarche opens its settings and its form builder. New démarches
 * start as drafts, of the commune's own or adopted from the EPCI's templates.
 */
export function CatalogueAdministration() {
  const me = useSignedInAgent();
  const [themes, { refetch }] = createResource(async () => {
    const response = await api.catalogue.$get();
    return response.ok ? (await response.json()).themes : [];
  });
  const [allThemes, { refetch: refetchThemes }] = createResource(async () => {
    // The catalogue omits empty themes: a new theme is chosen before it has a démarche.
    const response = await api.catalogue.themes.$get();
    return response.ok ? (await response.json()).themes : [];
  });
  const [services] = createResource(async () => {
    const response = await api.services.$get();
    return response.ok ? (await response.json()).services.map((service) => ({ slug: service.slug, title: service.name })) : [];
  });
  const [news, setNews] = createSignal('');
  const themesChanged = (announcement: string) => {
    setNews(announcement);
    void refetch();
    void refetchThemes();
  };
  return (
    <Show when={me()} fallback={<p class="wrap" role="status">Chargement…</p>}>
      {(agent) => (
        <StaffPage title="Démarches" tagline="Administration" nav={<AgentNav role={agent().role} />}>
          <p>Les démarches du portail, thème par thème. Un brouillon n’est visible que des administrateurs.</p>
          <p role="status" class={news() ? 'notice notice--success' : 'visually-hidden'}>
            {news()}
          </p>
          <TemplateUpdates onAnswered={themesChanged} />
          <Show when={themes()} fallback={<p role="status">Chargement du catalogue…</p>}>
            <For each={themes()}>
              {(theme) => (
                <section class="card" aria-labelledby={`theme-${theme.slug}`}>
                  <h2 id={`theme-${theme.slug}`}>{theme.title}</h2>
                  <ul class="inline-list procedure-admin-list">
                    <For each={theme.procedures}>
                      {(procedure) => (
                        <li>
                          <a href={`/agent/administration/demarches/${procedure.slug}`}>{procedure.title}</a>
                          <Show when={!procedure.published}>
                            {' '}
                            <span class="status-badge status-badge--waiting">Brouillon</span>
                          </Show>
                          <span class="hint"> — {procedure.delayDays} jours ouvrés</span>
                        </li>
                      )}
                    </For>
                  </ul>
                </section>
              )}
            </For>
          </Show>
          <NewProcedure themes={allThemes} services={services} />
          <AdoptTemplate themes={allThemes} services={services} />
          <Themes themes={allThemes} onChanged={themesChanged} />
        </StaffPage>
      )}
    </Show>
  );
}

/** A démarche of the commune's own, created as a draft with one field, to complete on its page. */
function NewProcedure(props: { themes: Resource<Choice[]>; services: Resource<Choice[]> }) {
  const form = createForm();
  const navigate = useNavigate();
  const [title, setTitle] = createSignal('');
  const [theme, setTheme] = createSignal('');
  const [service, setService] = createSignal('');
  function create(event: SubmitEvent) {
    event.preventDefault();
    const slug = slugFromTitle(title());
    const json = {
      slug,
      theme: theme() || props.themes()?.[0]?.slug || '',
      service: service() || props.services()?.[0]?.slug || '',
      published: false,
      title: title().trim(),
      summary: `${title().trim()} : demande en ligne.`,
      description: 'Décrivez ici la démarche : qui peut la faire, ce qu’elle permet et ce qui se passe ensuite.',
      steps: ['Remplissez le formulaire', 'La mairie vous répond'],
      form: { fields: [{ kind: 'textarea', key: 'demande', label: 'Votre demande', required: true }] },
      delayDays: 10,
      retentionDays: 730,
    };
    void form.submit(
      () => api.catalogue.$post({ json }),
      () => navigate(`/agent/administration/demarches/${slug}`),
    );
  }
  return (
    <section class="card" aria-labelledby="nouvelle-demarche-titre">
      <h2 id="nouvelle-demarche-titre">Nouvelle démarche</h2>
      <p class="hint">Créée en brouillon : complétez ses textes et son formulaire, puis publiez-la.</p>
      <form class="form" onSubmit={create} novalidate>
        <FormProblem form={form} fields={{ title: 'nouvelle-demarche-intitule', theme: 'nouvelle-demarche-theme', service: 'nouvelle-demarche-service' }} />
        <div class="field">
          <label for="nouvelle-demarche-intitule">Titre de la démarche</label>
          <input id="nouvelle-demarche-intitule" type="text" value={title()} onInput={(event) => setTitle(event.currentTarget.value)} />
        </div>
        <div class="field-row">
          <Select id="nouvelle-demarche-theme" label="Thème" choices={props.themes() ?? []} value={theme()} onChange={setTheme} />
          <Select id="nouvelle-demarche-service" label="Service instructeur" choices={props.services() ?? []} value={service()} onChange={setService} />
        </div>
        <button type="submit" class="button button--secondary" disabled={form.busy()}>
          Créer la démarche
        </button>
      </form>
    </section>
  );
}

/** The EPCI's templates, adopted as drafts under a theme and a service of the commune. */
function AdoptTemplate(props: { themes: Resource<Choice[]>; services: Resource<Choice[]> }) {
  const form = createForm();
  const navigate = useNavigate();
  const [templates] = createResource(async () => {
    const response = await api.modeles.$get();
    return response.ok ? (await response.json()).templates : [];
  });
  const [template, setTemplate] = createSignal('');
  const [theme, setTheme] = createSignal('');
  const [service, setService] = createSignal('');
  function adopt(event: SubmitEvent) {
    event.preventDefault();
    const chosen = template() || templates()?.[0]?.slug || '';
    const json = { template: chosen, theme: theme() || props.themes()?.[0]?.slug || '', service: service() || props.services()?.[0]?.slug || '', published: false };
    void form.submit(
      () => api.catalogue.adopter.$post({ json }),
      () => navigate(`/agent/administration/demarches/${chosen}`),
    );
  }
  return (
    <section class="card" aria-labelledby="adopter-titre">
      <h2 id="adopter-titre">Adopter un modèle de l’intercommunalité</h2>
      <Show when={templates()?.length} fallback={<p>L’intercommunalité n’a publié aucun modèle.</p>}>
        <form class="form" onSubmit={adopt} novalidate>
          <FormProblem form={form} fields={{ template: 'adopter-modele', theme: 'adopter-theme', service: 'adopter-service' }} />
          <Select id="adopter-modele" label="Modèle" choices={(templates() ?? []).map((entry) => ({ slug: entry.slug, title: `${entry.title} (${entry.theme})` }))} value={template()} onChange={setTemplate} />
          <div class="field-row">
            <Select id="adopter-theme" label="Dans le thème" choices={props.themes() ?? []} value={theme()} onChange={setTheme} />
            <Select id="adopter-service" label="Instruit par" choices={props.services() ?? []} value={service()} onChange={setService} />
          </div>
          <button type="submit" class="button button--secondary" disabled={form.busy()}>
            Adopter le modèle
          </button>
        </form>
      </Show>
    </section>
  );
}

/** The themes, in the order the portal shows them; a new one; an empty one removed. */
function Themes(props: { themes: Resource<(Choice & { procedures: number })[]>; onChanged: (news: string) => void }) {
  const form = createForm();
  const [title, setTitle] = createSignal('');
  function create(event: SubmitEvent) {
    event.preventDefault();
    const json = { slug: slugFromTitle(title()), title: title().trim(), position: ((props.themes() ?? []).length + 1) * 10 };
    void form.submit(
      () => api.catalogue.themes.$post({ json }),
      () => {
        setTitle('');
        props.onChanged(`Thème « ${json.title} » créé.`);
      },
    );
  }
  function remove(theme: Choice) {
    void form.submit(
      () => api.catalogue.themes[':slug'].$delete({ param: { slug: theme.slug } }),
      () => props.onChanged(`Thème « ${theme.title} » supprimé.`),
    );
  }
  function move(index: number, delta: -1 | 1) {
    const ordered = [...(props.themes() ?? [])];
    const [moved] = ordered.splice(index, 1);
    ordered.splice(index + delta, 0, moved!);
    // Positions by tens, rewritten for the whole list: the order is the list's.
    void form.submit(
      async () => {
        for (const [position, theme] of ordered.entries()) {
          const response = await api.catalogue.themes[':slug'].$put({ param: { slug: theme.slug }, json: { position: (position + 1) * 10 } });
          if (!response.ok) return response;
        }
        return new Response(null, { status: 204 });
      },
      () => props.onChanged(`Thème « ${moved!.title} » déplacé.`),
    );
  }
  return (
    <section class="card" aria-labelledby="themes-titre">
      <h2 id="themes-titre">Thèmes</h2>
      <FormProblem form={form} fields={{ title: 'nouveau-theme' }} />
      <ol class="builder-fields">
        <For each={props.themes()}>
          {(theme, index) => (
            <li>
              {theme.title}
              <span class="builder-fields__moves">
                <button type="button" class="button button--small button--secondary" disabled={index() === 0 || form.busy()} onClick={() => move(index(), -1)}>
                  Monter<span class="visually-hidden"> le thème {theme.title}</span>
                </button>
                <button type="button" class="button button--small button--secondary" disabled={index() === (props.themes()?.length ?? 0) - 1 || form.busy()} onClick={() => move(index(), 1)}>
                  Descendre<span class="visually-hidden"> le thème {theme.title}</span>
                </button>
                <Show when={theme.procedures === 0}>
                  <button type="button" class="button button--small button--danger" disabled={form.busy()} onClick={() => remove(theme)}>
                    Supprimer<span class="visually-hidden"> le thème {theme.title}</span>
                  </button>
                </Show>
              </span>
            </li>
          )}
        </For>
      </ol>
      <form class="inline-form" onSubmit={create} novalidate>
        <div class="field">
          <label for="nouveau-theme">Nouveau thème</label>
          <input id="nouveau-theme" type="text" value={title()} onInput={(event) => setTitle(event.currentTarget.value)} />
        </div>
        <button type="submit" class="button button--secondary" disabled={form.busy()}>
          Créer le thème
        </button>
      </form>
    </section>
  );
}

function Select(props: { id: string; label: string; choices: readonly Choice[]; value: string; onChange: (value: string) => void }) {
  return (
    <div class="field">
      <label for={props.id}>{props.label}</label>
      <select id={props.id} onChange={(event) => props.onChange(event.currentTarget.value)}>
        {/* `selected` on the option: the choices arrive after the select is drawn. */}
        <For each={props.choices}>
          {(choice) => (
            <option value={choice.slug} selected={choice.slug === props.value}>
              {choice.title}
            </option>
          )}
        </For>
      </select>
    </div>
  );
}
