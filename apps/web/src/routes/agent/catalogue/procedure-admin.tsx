import { useParams } from '@solidjs/router';
import { createResource, createSignal, For, Show } from 'solid-js';
import { createStore } from 'solid-js/store';
import { api, type Procedure } from '../../../api.ts';
import { StaffPage } from '../../../components/staff-page.tsx';
import { createForm, FormProblem } from '../../citizen/form-fields.tsx';
import { AgentNav } from '../agent-nav.tsx';
import { loadProcedure } from '../../catalogue/load-procedure.ts';
import { useSignedInAgent } from '../signed-in-agent.ts';
import type { DraftField } from './form-draft.ts';
import { documentsOf, documentsText, linesOf, OPTIONAL_MARK } from './definition-texts.ts';
import { RoutingEditor, type RoutingRule } from './routing-editor.tsx';

/**
 * /agent/administration/demarches/:slug: a démarche's texts and how the commune handles it
 * (service, delay, decision, anonymous filing, restricted reading, retention, Open311,
 * published), and the way to its form builder.
 */
export function ProcedureAdministration() {
  const me = useSignedInAgent();
  const params = useParams<{ slug: string }>();
  const [procedure] = createResource(() => params.slug, (slug) => loadProcedure(slug).catch(() => null));
  return (
    <Show when={me()} fallback={<p class="wrap" role="status">Chargement…</p>}>
      {(agent) => (
        <StaffPage title={procedure()?.title ?? 'Démarche'} tagline="Administration" nav={<AgentNav role={agent().role} />}>
          <p>
            <a href="/agent/administration/demarches">Toutes les démarches</a>
          </p>
          <Show when={procedure() !== undefined} fallback={<p role="status">Chargement de la démarche…</p>}>
            <Show when={procedure()} fallback={<p>Cette démarche n’existe pas dans la commune.</p>}>
              {(current) => <ProcedureSettings procedure={current()} />}
            </Show>
          </Show>
        </StaffPage>
      )}
    </Show>
  );
}

function ProcedureSettings(props: { procedure: Procedure }) {
  const initial = props.procedure;
  const form = createForm();
  const [done, setDone] = createSignal('');
  const [services] = createResource(async () => {
    const response = await api.services.$get();
    return response.ok ? (await response.json()).services : [];
  });
  const [themes] = createResource(async () => {
    // Every theme, empty ones too: a démarche may move to a theme just created.
    const response = await api.catalogue.themes.$get();
    return response.ok ? (await response.json()).themes : [];
  });
  const [state, setState] = createStore({
    title: initial.title,
    summary: initial.summary,
    description: initial.description,
    steps: initial.steps.join('\n'),
    requiredDocuments: documentsText(initial.requiredDocuments),
    delayDays: initial.delayDays,
    retentionDays: initial.administration?.retentionDays ?? 730,
    service: initial.service.slug,
    theme: initial.theme.slug,
    published: initial.published,
    decisionRequired: initial.decisionRequired,
    anonymousAllowed: initial.anonymousAllowed,
    restricted: initial.administration?.restricted ?? false,
    open311: initial.open311,
    remindAfterDays: initial.administration?.waitingCitizen.remindAfterDays ?? null,
    closeAfterDays: initial.administration?.waitingCitizen.closeAfterDays ?? null,
    routing: (initial.administration?.routing ?? []) as RoutingRule[],
  });

  function save(event: SubmitEvent) {
    event.preventDefault();
    setDone('');
    const { steps, requiredDocuments, remindAfterDays, closeAfterDays, ...rest } = state;
    const json = {
      ...rest,
      waitingCitizen: { remindAfterDays, closeAfterDays },
      steps: linesOf(steps),
      requiredDocuments: documentsOf(requiredDocuments),
    };
    void form.submit(
      () => api.catalogue[':slug'].$put({ param: { slug: initial.slug }, json }),
      () => void setDone(`Démarche « ${state.title} » enregistrée.`),
    );
  }

  const text = (name: 'title' | 'summary', label: string) => (
    <div class="field">
      <label for={`demarche-${name}`}>{label}</label>
      <input id={`demarche-${name}`} type="text" value={state[name]} onInput={(event) => setState(name, event.currentTarget.value)} />
    </div>
  );
  const number = (name: 'delayDays' | 'retentionDays', label: string) => (
    <div class="field">
      <label for={`demarche-${name}`}>{label}</label>
      <input id={`demarche-${name}`} type="number" class="input--short" min="0" value={state[name]} onInput={(event) => setState(name, Number(event.currentTarget.value))} />
    </div>
  );
  const days = (name: 'remindAfterDays' | 'closeAfterDays', label: string) => (
    <div class="field">
      <label for={`demarche-${name}`}>{label}</label>
      <input
        id={`demarche-${name}`}
        type="number"
        class="input--short"
        min="1"
        value={state[name] ?? ''}
        onInput={(event) => setState(name, event.currentTarget.value === '' ? null : Number(event.currentTarget.value))}
      />
    </div>
  );
  const flag = (name: 'published' | 'decisionRequired' | 'anonymousAllowed' | 'restricted' | 'open311', label: string) => (
    <div class="checkbox">
      <input id={`demarche-${name}`} type="checkbox" checked={state[name]} onChange={(event) => setState(name, event.currentTarget.checked)} />
      <label for={`demarche-${name}`}>{label}</label>
    </div>
  );

  return (
    <>
      <section class="card" aria-labelledby="formulaire-titre">
        <h2 id="formulaire-titre">Formulaire</h2>
        <p>
          {initial.form.fields.length} champs, version {initial.administration?.formVersion ?? 1}.{' '}
          <a href={`/agent/administration/demarches/${initial.slug}/formulaire`}>Modifier le formulaire</a>
        </p>
      </section>
      <form class="form" onSubmit={save} novalidate>
        <FormProblem
          form={form}
          fields={{ title: 'demarche-title', summary: 'demarche-summary', description: 'demarche-description', steps: 'demarche-steps', delayDays: 'demarche-delayDays', retentionDays: 'demarche-retentionDays', 'waitingCitizen/remindAfterDays': 'demarche-remindAfterDays', 'waitingCitizen/closeAfterDays': 'demarche-closeAfterDays', requiredDocuments: 'demarche-requiredDocuments', open311: 'demarche-open311', published: 'demarche-published', service: 'demarche-service', theme: 'demarche-theme' }}
        />
        <p role="status" class={done() ? 'notice notice--success' : 'visually-hidden'}>
          {done()}
        </p>
        <section class="card" aria-labelledby="presentation-titre">
          <h2 id="presentation-titre">Présentation au public</h2>
          {text('title', 'Titre')}
          {text('summary', 'Résumé (une phrase)')}
          <div class="field">
            <label for="demarche-description">Description</label>
            <textarea id="demarche-description" rows={4} value={state.description} onInput={(event) => setState('description', event.currentTarget.value)} />
          </div>
          <div class="field">
            <label for="demarche-steps">Étapes (une par ligne)</label>
            <textarea id="demarche-steps" rows={3} value={state.steps} onInput={(event) => setState('steps', event.currentTarget.value)} />
          </div>
          <div class="field">
            <label for="demarche-requiredDocuments">Pièces à fournir (une par ligne ; « {OPTIONAL_MARK} » devant une pièce qui ne l’est pas toujours)</label>
            <textarea id="demarche-requiredDocuments" rows={3} value={state.requiredDocuments} onInput={(event) => setState('requiredDocuments', event.currentTarget.value)} />
          </div>
        </section>
        <section class="card" aria-labelledby="traitement-titre">
          <h2 id="traitement-titre">Traitement</h2>
          <div class="field">
            <label for="demarche-theme">Thème</label>
            <select id="demarche-theme" onChange={(event) => setState('theme', event.currentTarget.value)}>
              {/* `selected` on the option: the list arrives after the select is drawn. */}
              <For each={themes()}>
                {(theme) => (
                  <option value={theme.slug} selected={theme.slug === state.theme}>
                    {theme.title}
                  </option>
                )}
              </For>
            </select>
          </div>
          <div class="field">
            <label for="demarche-service">Service instructeur</label>
            <select id="demarche-service" onChange={(event) => setState('service', event.currentTarget.value)}>
              <For each={services()}>
                {(service) => (
                  <option value={service.slug} selected={service.slug === state.service}>
                    {service.name}
                  </option>
                )}
              </For>
            </select>
          </div>
          {number('delayDays', 'Délai de réponse annoncé (jours ouvrés)')}
          {number('retentionDays', 'Conservation des données après la clôture (jours)')}
          {days('remindAfterDays', 'Relancer l’usager qui ne répond pas après (jours ; vide : jamais)')}
          {days('closeAfterDays', 'Classer sans suite sans réponse après (jours ; vide : jamais)')}
          {flag('decisionRequired', 'Une décision (responsable de service ou élu) est nécessaire')}
          {flag('anonymousAllowed', 'Dépôt possible sans compte')}
          {flag('restricted', 'Réservée au service instructeur (aide sociale…)')}
          {flag('open311', 'Ouverte aux applications de signalement (Open311)')}
          {flag('published', 'Publiée sur le portail')}
        </section>
        <RoutingEditor
          rules={state.routing}
          onChange={(rules) => setState('routing', rules)}
          fields={initial.form.fields as DraftField[]}
          services={services() ?? []}
          sectors={initial.administration?.sectors ?? []}
        />
        <p class="actions">
          <button type="submit" class="button" disabled={form.busy()}>
            Enregistrer la démarche
          </button>
        </p>
      </form>
    </>
  );
}
