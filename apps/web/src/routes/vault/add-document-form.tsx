import { createSignal, Show } from 'solid-js';
import { UploadProgress } from '../../components/forms/uploaded-files.tsx';
import { uploadFile } from '../../components/forms/upload-file.ts';
import { createForm, FormProblem, TextField } from '../citizen/form-fields.tsx';

/**
 * Adding a document to the coffre-fort: a title, an optional expiry date, the file, sent with a
 * progress bar. The server reads the format in the bytes and says in French what it refuses.
 */
export function AddDocumentForm(props: { onAdded: (title: string) => void }) {
  const form = createForm();
  const [title, setTitle] = createSignal('');
  const [expiresOn, setExpiresOn] = createSignal('');
  const [sending, setSending] = createSignal<{ name: string; percent: number }>();
  let fileInput!: HTMLInputElement;

  async function submit(event: SubmitEvent) {
    event.preventDefault();
    const file = fileInput.files?.[0];
    if (!file) return form.setProblem({ title: 'Choisissez le fichier à garder.', errors: [{ field: 'file', message: 'Choisissez un fichier.' }] });
    setSending({ name: file.name, percent: 0 });
    const outcome = await uploadFile('/api/coffre-fort', file, (fraction) => setSending({ name: file.name, percent: Math.round(fraction * 100) }), {
      title: title(),
      expiresOn: expiresOn(),
    });
    setSending(undefined);
    if (!outcome.ok) return form.setProblem(outcome);
    form.setProblem(undefined);
    props.onAdded(title());
    setTitle('');
    setExpiresOn('');
    fileInput.value = '';
  }

  return (
    <section class="card" aria-labelledby="ajout-titre">
      <h2 id="ajout-titre">Ajouter un document</h2>
      <form class="form" onSubmit={(event) => void submit(event)} novalidate>
        <FormProblem form={form} fields={{ title: 'document-titre', expiresOn: 'document-expiration', file: 'document-fichier' }} />
        <TextField
          id="document-titre"
          label="Titre du document"
          hint="Par exemple : Carte d’identité, Justificatif de domicile."
          required
          maxlength="200"
          value={title()}
          error={form.fieldError('title')}
          onInput={(event) => setTitle(event.currentTarget.value)}
        />
        <TextField
          id="document-expiration"
          label="Date d’expiration (facultatif)"
          hint="Pour être prévenu avant qu’il n’expire."
          type="date"
          value={expiresOn()}
          error={form.fieldError('expiresOn')}
          onInput={(event) => setExpiresOn(event.currentTarget.value)}
        />
        <div class="field" classList={{ 'field--invalid': Boolean(form.fieldError('file')) }}>
          <label for="document-fichier">Fichier</label>
          <p id="document-fichier-aide" class="hint">
            PDF, JPEG, PNG, WebP ou HEIC.
          </p>
          <Show when={form.fieldError('file')}>
            <p id="document-fichier-erreur" class="field-error">
              {form.fieldError('file')}
            </p>
          </Show>
          <input
            ref={fileInput}
            id="document-fichier"
            type="file"
            required
            accept="application/pdf,image/jpeg,image/png,image/webp,image/heic"
            aria-invalid={form.fieldError('file') ? 'true' : undefined}
            aria-describedby={form.fieldError('file') ? 'document-fichier-aide document-fichier-erreur' : 'document-fichier-aide'}
          />
          <UploadProgress id="document-progression" sending={sending()} />
        </div>
        <button type="submit" class="button" disabled={Boolean(sending())}>
          Ajouter au coffre-fort
        </button>
      </form>
    </section>
  );
}
