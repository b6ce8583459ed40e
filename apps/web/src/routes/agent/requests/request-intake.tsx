import { useNavigate } from '@solidjs/router';
import { createResource, createSignal, For, Show } from 'solid-js';
import { api, type AgentContact, type Procedure } from '../../../api.ts';
import { ErrorSummary, focusControl, type SummaryEntry } from '../../../components/forms/error-summary.tsx';
import { FormFields } from '../../../components/forms/form-fields.tsx';
import { checkAnswers, createFormState, describePath, submissionValues, type Field } from '../../../components/forms/form-state.ts';
import { createSubmissionKey } from '../../../components/forms/submission-key.ts';
import { problemOf, ProblemMessage, type ProblemView } from '../../../components/problem-message.tsx';
import { StaffPage } from '../../../components/staff-page.tsx';
import { useCommune } from '../../../site-context.tsx';
import { loadProcedure } from '../../catalogue/load-procedure.ts';
import { AgentNav } from '../agent-nav.tsx';
import { useSignedInAgent } from '../signed-in-agent.ts';
import { channelLabels } from './request-labels.ts';

const intakeChannels = ['phone', 'counter', 'email', 'mail', 'sms'] as const;
type IntakeChannel = (typeof intakeChannels)[number];

/**
 * /agent/demandes/nouvelle: a request received by phone, at the counter, by e-mail, letter or
 * SMS, recorded in one page: the channel, the person (found among the commune's contacts, or new),
 * the procedure, its form (the citizen's renderer), then the new request's desk.
 */
export function RequestIntake() {
  const me = useSignedInAgent();
  return (
    <Show when={me()} fallback={<p class="wrap" role="status">Chargement…</p>}>
      {(agent) => (
        <StaffPage title="Enregistrer une demande" tagline="Espace agents" nav={<AgentNav role={agent().role} />}>
          <IntakeForm />
        </StaffPage>
      )}
    </Show>
  );
}

function IntakeForm() {
  const navigate = useNavigate();
  const commune = useCommune();
  const [channel, setChannel] = createSignal<IntakeChannel>('phone');
  const [query, setQuery] = createSignal('');
  const [found, setFound] = createSignal<AgentContact[]>();
  const [chosen, setChosen] = createSignal<AgentContact>();
  const [person, setPerson] = createSignal({ givenName: '', familyName: '', phone: '', email: '' });
  const [slug, setSlug] = createSignal('');
  const [procedures] = createResource(async () => {
    const response = await api.catalogue.$get();
    return response.ok ? (await response.json()).themes.flatMap((theme) => theme.procedures) : [];
  });
  const [procedure] = createResource(slug, (chosenSlug) => (chosenSlug ? loadProcedure(chosenSlug) : Promise.resolve(null)));
  const [problem, setProblem] = createSignal<ProblemView>();
  const [busy, setBusy] = createSignal(false);
  // Recorded once whatever the retries: the page is left once it is.
  const submission = createSubmissionKey();
  const form = createFormState({
    idPrefix: 'saisie',
    uploadUrl: () => '/api/agent/pieces-jointes',
    addressSearch: commune().addressSearch,
    map: commune().map,
  });
  let summary: HTMLDivElement | undefined;
  const fields = () => ((procedure()?.form.fields ?? []) as readonly Field[]);

  async function search() {
    if (query().trim().length < 2) return setFound([]);
    const response = await api.agent.contacts.$get({ query: { q: query().trim() } });
    setFound(response.ok ? ((await response.json()).contacts) : []);
  }

  const summaryEntries = (): SummaryEntry[] =>
    form.errors().map((error) => {
      const located = describePath(fields(), error.field.split('/'));
      return located ? { key: error.field, text: `${located.label} : ${error.message}`, targetId: form.idOf(error.field.split('/')) } : { key: error.field, text: error.message };
    });

  function report(errors: { field: string; message: string }[]) {
    form.setErrors(errors);
    queueMicrotask(() => summary?.focus());
  }

  async function file(event: SubmitEvent) {
    event.preventDefault();
    setProblem(undefined);
    const current = procedure();
    if (!current) return setProblem({ title: 'Choisissez la démarche.' });
    const found = checkAnswers(fields(), form.answers);
    if (found.length > 0) return report(found);
    const who = chosen();
    const typed = Object.fromEntries(Object.entries(person()).filter(([, value]) => value.trim() !== '').map(([key, value]) => [key, value.trim()]));
    setBusy(true);
    try {
      const response = await api.agent.demandes.$post(
        { json: { procedure: current.slug, channel: channel(), values: submissionValues(fields(), form.answers), ...(who ? { contactId: who.id } : { contact: typed }) } },
        { headers: submission.headers() },
      );
      if (response.status === 201) return navigate(`/agent/demandes/${(await response.json()).id}`);
      const refused = await problemOf(response);
      const formErrors = (refused.errors ?? []).filter((error) => !error.field.startsWith('contact'));
      if (formErrors.length) report(formErrors);
      setProblem(refused);
    } catch {
      setProblem({ title: 'Le serveur ne répond pas.', detail: 'Vérifiez la connexion, puis enregistrez à nouveau.' });
    } finally {
      setBusy(false);
    }
  }

  return (
    <form class="form intake" onSubmit={file} novalidate>
      <ErrorSummary entries={summaryEntries()} ref={(element) => (summary = element)} onFollow={(entry) => entry.targetId && focusControl(entry.targetId)} />
      <Show when={problem()}>{(current) => <ProblemMessage problem={current()} />}</Show>
      <fieldset>
        <legend>Reçue par</legend>
        <div class="choice-row">
          <For each={intakeChannels}>
            {(key) => (
              <div class="choice">
                <input type="radio" id={`canal-${key}`} name="canal" checked={channel() === key} onChange={() => setChannel(key)} />
                <label for={`canal-${key}`}>{channelLabels[key]}</label>
              </div>
            )}
          </For>
        </div>
      </fieldset>

      <fieldset>
        <legend>Usager</legend>
        <Show
          when={chosen()}
          fallback={
            <>
              <div class="field">
                <label for="contact-recherche">Rechercher un contact connu (nom, e-mail ou téléphone)</label>
                <div class="inline-form">
                  <input id="contact-recherche" type="search" value={query()} onInput={(event) => setQuery(event.currentTarget.value)} onKeyDown={(event) => event.key === 'Enter' && (event.preventDefault(), void search())} />
                  <button type="button" class="button button--secondary" onClick={() => void search()}>
                    Rechercher
                  </button>
                </div>
              </div>
              <Show when={found()}>
                {(list) => (
                  <Show when={list().length > 0} fallback={<p role="status">Aucun contact ne correspond : saisissez un nouveau contact ci-dessous.</p>}>
                    <ul class="contact-results" aria-label="Contacts trouvés">
                      <For each={list()}>
                        {(contact) => (
                          <li>
                            <button type="button" class="link-button" onClick={() => setChosen(contact)}>
                              {[contact.givenName, contact.familyName].filter(Boolean).join(' ') || 'Sans nom'} · {contact.phone ?? contact.email ?? ''}
                            </button>
                          </li>
                        )}
                      </For>
                    </ul>
                  </Show>
                )}
              </Show>
              <p class="hint">Ou un nouveau contact : son nom, ou un moyen de le recontacter.</p>
              <div class="field-row">
                <For each={[['familyName', 'Nom'], ['givenName', 'Prénom'], ['phone', 'N° de téléphone'], ['email', 'Adresse e-mail']] as const}>
                  {([key, label]) => (
                    <div class="field">
                      <label for={`contact-${key}`}>{label}</label>
                      <input
                        id={`contact-${key}`}
                        type={key === 'email' ? 'email' : key === 'phone' ? 'tel' : 'text'}
                        autocomplete="off"
                        value={person()[key]}
                        onInput={(event) => setPerson({ ...person(), [key]: event.currentTarget.value })}
                      />
                    </div>
                  )}
                </For>
              </div>
            </>
          }
        >
          {(contact) => (
            <p>
              Demande de <strong>{[contact().givenName, contact().familyName].filter(Boolean).join(' ') || 'ce contact'}</strong>{' '}
              <button type="button" class="link-button" onClick={() => setChosen(undefined)}>
                Changer
              </button>
            </p>
          )}
        </Show>
      </fieldset>

      <div class="field">
        <label for="saisie-demarche">Démarche</label>
        <select
          id="saisie-demarche"
          value={slug()}
          onChange={(event) => {
            // Another procedure, another form: its answers start empty.
            form.load({});
            form.setErrors([]);
            setSlug(event.currentTarget.value);
          }}
        >
          <option value="">Choisissez…</option>
          <For each={procedures()}>{(item) => <option value={item.slug}>{item.title}</option>}</For>
        </select>
      </div>

      <Show when={procedure()}>
        {(current) => (
          <section aria-labelledby="saisie-formulaire">
            <h2 id="saisie-formulaire">{(current() as Procedure).title}</h2>
            <FormFields form={form} fields={fields()} headingLevel={3} />
          </section>
        )}
      </Show>

      <p class="actions">
        <button type="submit" class="button" disabled={busy()}>
          Enregistrer la demande
        </button>
      </p>
    </form>
  );
}
