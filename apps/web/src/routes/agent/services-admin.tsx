import { createResource, createSignal, For, Show } from 'solid-js';
import { api, type AdministeredAgents } from '../../api.ts';
import { StaffPage } from '../../components/staff-page.tsx';
import { createForm, FormProblem } from '../citizen/form-fields.tsx';
import { AgentNav } from './agent-nav.tsx';
import { useSignedInAgent } from './signed-in-agent.ts';

type Agent = AdministeredAgents['agents'][number];
type Service = { slug: string; name: string; description: string | null; email: string | null; phone: string | null };
type ServiceFields = { name: string; description: string; email: string; phone: string };

const optional = (value: string) => (value.trim() ? value.trim() : undefined);
const fieldsOf = (values: ServiceFields) => ({ name: values.name.trim(), description: optional(values.description), email: optional(values.email), phone: optional(values.phone) });

/**
 * /agent/administration/services: the commune's services, each with its agents: create one,
 * rename or describe it, add an agent to it or take one out (which inboxes they see).
 */
export function ServicesAdministration() {
  const me = useSignedInAgent();
  const [services, { refetch: refetchServices }] = createResource(async () => {
    const response = await api.services.$get();
    return response.ok ? (await response.json()).services : [];
  });
  const [agents, { refetch: refetchAgents }] = createResource(async () => {
    const response = await api.agent.administration.agents.$get();
    return response.ok ? ((await response.json()) as AdministeredAgents).agents.filter((agent) => agent.status !== 'disabled') : [];
  });
  const [news, setNews] = createSignal('');
  const changed = (announcement: string) => {
    setNews(announcement);
    void refetchServices();
    void refetchAgents();
  };
  return (
    <Show when={me()} fallback={<p class="wrap" role="status">Chargement…</p>}>
      <StaffPage title="Services de la commune" tagline="Administration" nav={<AgentNav role="commune_admin" />}>
        <p role="status" class={news() ? 'notice notice--success' : 'visually-hidden'}>
          {news()}
        </p>
        {/* Keyed by slug, so that a reload keeps each card (its focus, its unsaved edits). */}
        <For each={(services() ?? []).map((service) => service.slug)}>
          {(slug) => (
            <Show when={services()?.find((service) => service.slug === slug)}>{(service) => <ServiceCard service={service()} agents={agents() ?? []} onChanged={changed} />}</Show>
          )}
        </For>
        <NewService onChanged={changed} />
      </StaffPage>
    </Show>
  );
}

function ServiceFieldsInputs(props: { id: string; values: ServiceFields; onInput: (values: ServiceFields) => void }) {
  const labels: Record<keyof ServiceFields, string> = { name: 'Nom du service', description: 'Description (montrée aux usagers)', email: 'E-mail du service', phone: 'Téléphone du service' };
  return (
    <For each={Object.keys(labels) as (keyof ServiceFields)[]}>
      {(key) => (
        <div class="field">
          <label for={`${props.id}-${key}`}>{labels[key]}</label>
          <input
            id={`${props.id}-${key}`}
            type={key === 'email' ? 'email' : key === 'phone' ? 'tel' : 'text'}
            value={props.values[key]}
            onInput={(event) => props.onInput({ ...props.values, [key]: event.currentTarget.value })}
          />
        </div>
      )}
    </For>
  );
}

function ServiceCard(props: { service: Service; agents: readonly Agent[]; onChanged: (news: string) => void }) {
  const form = createForm();
  const membersForm = createForm();
  const id = `service-${props.service.slug}`;
  const [values, setValues] = createSignal<ServiceFields>({
    name: props.service.name,
    description: props.service.description ?? '',
    email: props.service.email ?? '',
    phone: props.service.phone ?? '',
  });
  const [newcomer, setNewcomer] = createSignal('');
  const members = () => props.agents.filter((agent) => agent.services.some((service) => service.slug === props.service.slug));
  const others = () => props.agents.filter((agent) => !members().includes(agent));

  function save(event: SubmitEvent) {
    event.preventDefault();
    void form.submit(
      () => api.agent.administration.services[':slug'].$put({ param: { slug: props.service.slug }, json: fieldsOf(values()) }),
      () => props.onChanged(`Service « ${values().name.trim()} » enregistré.`),
    );
  }
  /** An agent's services are replaced whole: this one added to, or taken from, those they have. */
  function setMembership(agent: Agent, member: boolean) {
    const slugs = agent.services.map((service) => service.slug).filter((slug) => slug !== props.service.slug);
    void membersForm.submit(
      () => api.agent.administration.agents[':id'].services.$put({ param: { id: agent.id }, json: { services: member ? [...slugs, props.service.slug] : slugs } }),
      () => {
        setNewcomer('');
        props.onChanged(member ? `${agent.displayName} rejoint le service ${props.service.name}.` : `${agent.displayName} quitte le service ${props.service.name}.`);
      },
    );
  }
  return (
    <section class="card" aria-labelledby={`${id}-titre`}>
      <h2 id={`${id}-titre`}>{props.service.name}</h2>
      <h3>Agents du service</h3>
      <FormProblem form={membersForm} fields={{}} />
      <Show when={members().length > 0} fallback={<p>Aucun agent : ses demandes ne sont vues que des administrateurs.</p>}>
        <ul aria-label={`Agents du service ${props.service.name}`}>
          <For each={members()}>
            {(agent) => (
              <li>
                {agent.displayName}{' '}
                <button type="button" class="link-button" disabled={membersForm.busy()} onClick={() => setMembership(agent, false)}>
                  Retirer<span class="visually-hidden"> {agent.displayName} du service {props.service.name}</span>
                </button>
              </li>
            )}
          </For>
        </ul>
      </Show>
      <Show when={others().length > 0}>
        <div class="form form--inline">
          <div class="field">
            <label for={`${id}-ajout`}>Ajouter un agent</label>
            <select id={`${id}-ajout`} value={newcomer()} onChange={(event) => setNewcomer(event.currentTarget.value)}>
              <option value="">Choisir un agent</option>
              <For each={others()}>{(agent) => <option value={agent.id}>{agent.displayName}</option>}</For>
            </select>
          </div>
          <button
            type="button"
            class="button button--secondary"
            disabled={!newcomer() || membersForm.busy()}
            onClick={() => {
              const agent = others().find((candidate) => candidate.id === newcomer());
              if (agent) setMembership(agent, true);
            }}
          >
            Ajouter<span class="visually-hidden"> au service {props.service.name}</span>
          </button>
        </div>
      </Show>
      <form class="form" onSubmit={save} novalidate>
        <FormProblem form={form} fields={{ name: `${id}-name`, description: `${id}-description`, email: `${id}-email`, phone: `${id}-phone` }} />
        <ServiceFieldsInputs id={id} values={values()} onInput={setValues} />
        <button type="submit" class="button button--secondary" disabled={form.busy()}>
          Enregistrer<span class="visually-hidden"> le service {props.service.name}</span>
        </button>
      </form>
    </section>
  );
}

function NewService(props: { onChanged: (news: string) => void }) {
  const form = createForm();
  const empty: ServiceFields = { name: '', description: '', email: '', phone: '' };
  const [values, setValues] = createSignal<ServiceFields>(empty);
  function create(event: SubmitEvent) {
    event.preventDefault();
    const name = values().name.trim();
    void form.submit(
      () => api.agent.administration.services.$post({ json: fieldsOf(values()) }),
      () => {
        setValues(empty);
        props.onChanged(`Service « ${name} » créé : ajoutez-lui ses agents.`);
      },
    );
  }
  return (
    <section class="card" aria-labelledby="nouveau-service-titre">
      <h2 id="nouveau-service-titre">Créer un service</h2>
      <form class="form" onSubmit={create} novalidate>
        <FormProblem form={form} fields={{ name: 'nouveau-service-name', description: 'nouveau-service-description', email: 'nouveau-service-email', phone: 'nouveau-service-phone' }} />
        <ServiceFieldsInputs id="nouveau-service" values={values()} onInput={setValues} />
        <button type="submit" class="button" disabled={form.busy()}>
          Créer le service
        </button>
      </form>
    </section>
  );
}
