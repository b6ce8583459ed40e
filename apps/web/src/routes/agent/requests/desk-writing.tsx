import { createResource, createSignal, For, Show } from 'solid-js';
import { api, type AgentRequestDetail } from '../../../api.ts';
import { dayInWords } from '../../../components/forms/french-dates.ts';
import { createSubmissionKey } from '../../../components/forms/submission-key.ts';
import { uploadFile } from '../../../components/forms/upload-file.ts';
import { createForm, FormProblem } from '../../citizen/form-fields.tsx';
import { deskChange } from './desk-change.ts';

/** Writing on a request: a message to the citizen (from a reply template, with files), an internal note. */
export function DeskWriting(props: { request: AgentRequestDetail; onChanged: (news?: string) => void }) {
  const messageForm = createForm();
  const noteForm = createForm();
  const [message, setMessage] = createSignal('');
  const [attached, setAttached] = createSignal<{ id: string; name: string }[]>([]);
  const [sending, setSending] = createSignal<string>();
  const [templates] = createResource(async () => {
    const response = await api.agent['modeles-de-reponse'].$get();
    return response.ok ? (await response.json()).templates : [];
  });
  const [note, setNote] = createSignal('');
  const id = () => props.request.id;
  const { seen, act } = deskChange(() => props.request, () => props.onChanged());
  const messageKey = createSubmissionKey();

  function send(event: SubmitEvent) {
    event.preventDefault();
    act(
      messageForm,
      () => api.agent.demandes[':id'].messages.$post({ param: { id: id() }, header: seen(), json: { body: message(), attachmentIds: attached().map((file) => file.id) } }, { headers: messageKey.headers() }),
      () => {
        messageKey.renew();
        setMessage('');
        setAttached([]);
        props.onChanged('Message envoyé à l’usager.');
      },
    );
  }
  /** A template's text, its placeholders filled for this request: {nom}, {reference}, {echeance}. */
  function applyTemplate(templateId: string) {
    const template = templates()?.find((candidate) => candidate.id === templateId);
    if (!template) return;
    const name = props.request.contact?.name ?? 'Madame, Monsieur';
    setMessage(
      template.body
        .replaceAll('{nom}', name)
        .replaceAll('{reference}', props.request.reference)
        .replaceAll('{echeance}', dayInWords(new Date(props.request.dueAt))),
    );
  }

  async function attach(files: FileList | null) {
    for (const file of [...(files ?? [])]) {
      setSending(file.name);
      const outcome = await uploadFile('/api/agent/pieces-jointes', file, () => {});
      setSending(undefined);
      if (outcome.ok) setAttached([...attached(), { id: outcome.file.id, name: outcome.file.filename }]);
      else messageForm.setProblem({ title: outcome.title, detail: outcome.detail });
    }
  }

  function addNote(event: SubmitEvent) {
    event.preventDefault();
    act(
      noteForm,
      () => api.agent.demandes[':id'].notes.$post({ param: { id: id() }, header: seen(), json: { body: note() } }),
      () => {
        setNote('');
        props.onChanged('Note ajoutée.');
      },
    );
  }

  return (
    <>
      <form class="form" onSubmit={send} novalidate>
        <FormProblem form={messageForm} fields={{ body: 'desk-message' }} />
        <Show when={(templates() ?? []).length > 0}>
          <div class="field">
            <label for="desk-modele">Partir d’un modèle de réponse</label>
            <select id="desk-modele" onChange={(event) => applyTemplate(event.currentTarget.value)}>
              <option value="">Aucun</option>
              <For each={templates()}>{(template) => <option value={template.id}>{template.title}</option>}</For>
            </select>
          </div>
        </Show>
        <div class="field">
          <label for="desk-message">Message à l’usager</label>
          <textarea id="desk-message" rows={4} value={message()} onInput={(event) => setMessage(event.currentTarget.value)} />
        </div>
        <div class="field">
          <label for="desk-fichiers">Joindre des fichiers</label>
          <input id="desk-fichiers" type="file" multiple onChange={(event) => void attach(event.currentTarget.files)} />
          <p class="visually-hidden" role="status">
            {sending() ? `Envoi de « ${sending()} »…` : ''}
          </p>
          <Show when={attached().length > 0}>
            <ul aria-label="Fichiers joints au message">
              <For each={attached()}>
                {(file) => (
                  <li>
                    {file.name}{' '}
                    <button type="button" class="link-button" onClick={() => setAttached(attached().filter((kept) => kept.id !== file.id))}>
                      Retirer « {file.name} »
                    </button>
                  </li>
                )}
              </For>
            </ul>
          </Show>
        </div>
        <button type="submit" class="button button--secondary" disabled={messageForm.busy()}>
          Envoyer le message
        </button>
      </form>
      <form class="form" onSubmit={addNote} novalidate>
        <FormProblem form={noteForm} fields={{ body: 'desk-note' }} />
        <div class="field">
          <label for="desk-note">Note interne (jamais montrée à l’usager)</label>
          <textarea id="desk-note" rows={3} value={note()} onInput={(event) => setNote(event.currentTarget.value)} />
        </div>
        <button type="submit" class="button button--secondary" disabled={noteForm.busy()}>
          Ajouter la note
        </button>
      </form>
    </>
  );
}
