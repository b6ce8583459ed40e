import { createSignal, Show } from 'solid-js';
import type { UploadedFile } from '../../components/forms/form-state.ts';
import { createSubmissionKey } from '../../components/forms/submission-key.ts';
import { uploadFile } from '../../components/forms/upload-file.ts';
import { UploadedFileList, UploadProgress } from '../../components/forms/uploaded-files.tsx';
import { createForm, FormProblem } from '../citizen/form-fields.tsx';

/**
 * "Écrire à la mairie": a message, with files where the citizen is signed in (`uploadUrl`).
 * Files go up as soon as they are chosen, with a progress bar, and can be removed before
 * sending; the server's refusal is shown in its words.
 */
export function ReplyForm(props: {
  awaited: boolean;
  uploadUrl?: string | undefined;
  send: (message: { body: string; attachmentIds: string[] }, headers: Record<string, string>) => Promise<Response>;
  onSent: () => void;
}) {
  const form = createForm();
  const key = createSubmissionKey();
  const [body, setBody] = createSignal('');
  const [files, setFiles] = createSignal<UploadedFile[]>([]);
  const [sending, setSending] = createSignal<{ name: string; percent: number }>();
  const [refusal, setRefusal] = createSignal<string>();
  const [sent, setSent] = createSignal(false);
  let fileInput: HTMLInputElement | undefined;

  async function attach(chosen: File[]) {
    setRefusal(undefined);
    for (const file of chosen) {
      setSending({ name: file.name, percent: 0 });
      const outcome = await uploadFile(props.uploadUrl!, file, (fraction) => setSending({ name: file.name, percent: Math.round(fraction * 100) }));
      setSending(undefined);
      if (outcome.ok) setFiles([...files(), outcome.file]);
      else setRefusal(`« ${file.name} » n’est pas joint. ${outcome.title}${outcome.detail ? ` ${outcome.detail}` : ''}`);
    }
    if (fileInput) fileInput.value = '';
  }

  function submit(event: SubmitEvent) {
    event.preventDefault();
    setSent(false);
    void form.submit(
      () => props.send({ body: body(), attachmentIds: files().map((file) => file.id) }, key.headers()),
      () => {
        key.renew();
        setBody('');
        setFiles([]);
        setSent(true);
        props.onSent();
      },
    );
  }

  return (
    <section class="card" aria-labelledby="reponse-titre">
      <h2 id="reponse-titre">{props.awaited ? 'Répondre à la mairie' : 'Écrire à la mairie'}</h2>
      <Show when={props.awaited}>
        <p>La mairie attend votre réponse : le délai de traitement reprendra dès votre envoi.</p>
      </Show>
      <form class="form" onSubmit={submit} novalidate>
        <FormProblem form={form} fields={{ body: 'message-corps' }} />
        <div class="field" classList={{ 'field--invalid': Boolean(form.fieldError('body')) }}>
          <label for="message-corps">Votre message</label>
          <Show when={form.fieldError('body')}>
            <p id="message-corps-erreur" class="field-error">
              {form.fieldError('body')}
            </p>
          </Show>
          <textarea
            id="message-corps"
            rows="5"
            maxlength="10000"
            required
            aria-invalid={form.fieldError('body') ? 'true' : undefined}
            aria-describedby={form.fieldError('body') ? 'message-corps-erreur' : undefined}
            value={body()}
            onInput={(event) => setBody(event.currentTarget.value)}
          />
        </div>
        <Show when={props.uploadUrl}>
          <div class="field" classList={{ 'field--invalid': Boolean(refusal()) }}>
            <label for="message-fichiers">Joindre des fichiers (facultatif)</label>
            <p id="message-fichiers-aide" class="hint">
              PDF, JPEG, PNG, WebP ou HEIC.
            </p>
            <Show when={refusal()}>
              <p id="message-fichiers-erreur" class="field-error" role="alert">
                {refusal()}
              </p>
            </Show>
            <UploadedFileList label="Fichiers joints au message" files={files()} onRemove={(file) => setFiles(files().filter((kept) => kept.id !== file.id))} />
            <input
              ref={fileInput}
              id="message-fichiers"
              type="file"
              multiple
              accept="application/pdf,image/jpeg,image/png,image/webp,image/heic"
              aria-describedby={refusal() ? 'message-fichiers-aide message-fichiers-erreur' : 'message-fichiers-aide'}
              onChange={(event) => void attach([...(event.currentTarget.files ?? [])])}
            />
            <UploadProgress id="message-fichiers-progression" sending={sending()} />
          </div>
        </Show>
        <button type="submit" class="button" disabled={form.busy() || Boolean(sending())}>
          Envoyer le message
        </button>
        <p role="status" class="hint">
          {sent() ? 'Votre message est envoyé à la mairie.' : ''}
        </p>
      </form>
    </section>
  );
}
