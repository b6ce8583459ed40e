import { createResource, createSignal, onCleanup, Show } from 'solid-js';
import { fileSize } from '@guichet/forms/rendering';
import { api, type AccountExport } from '../../api.ts';
import { dayInWords } from '../../components/forms/french-dates.ts';
import { createForm, FormProblem } from './form-fields.tsx';

/**
 * "Télécharger mes données": asks for the archive, follows its preparation (a progress bar
 * read every two seconds), then offers the ZIP for as long as it is kept.
 */
export function DataExport() {
  const form = createForm();
  const [exported, { mutate, refetch }] = createResource(async () => {
    const response = await api.compte.export.$get();
    return response.ok ? (await response.json()).export : null;
  });
  const [announced, setAnnounced] = createSignal('');
  const timer = setInterval(() => {
    if (exported()?.status === 'pending') void refetch();
  }, 2000);
  onCleanup(() => clearInterval(timer));
  const downloadable = (current: AccountExport | null | undefined) => current?.status === 'ready' && new Date(current.expiresAt) > new Date();

  function ask() {
    void form.submit(
      () => api.compte.export.$post(),
      async (response) => {
        mutate((await response.json()) as AccountExport);
        setAnnounced('La préparation de votre archive a commencé.');
      },
    );
  }

  return (
    <section class="card" aria-labelledby="export-titre">
      <h2 id="export-titre">Télécharger mes données</h2>
      <p>
        Une archive ZIP de tout ce que votre compte détient dans les communes de l’intercommunalité : votre compte, vos demandes avec leur
        historique, les messages échangés et leurs pièces jointes, et votre coffre-fort, en JSON (le fichier LISEZMOI.txt de l’archive en décrit le
        format).
      </p>
      <FormProblem form={form} fields={{}} />
      <Show when={exported()?.status === 'pending' && exported()}>
        {(current) => (
          <div class="upload-progress">
            <label for="export-progression">Préparation de l’archive</label>
            <progress id="export-progression" max="100" value={current().progress}>
              {current().progress} %
            </progress>
            <span aria-hidden="true">{current().progress} %</span>
          </div>
        )}
      </Show>
      <Show when={downloadable(exported()) && exported()}>
        {(current) => (
          <p>
            <a class="button" href="/api/compte/export/archive" download="">
              Télécharger mes données (ZIP, {fileSize(current().size ?? 0)})
            </a>{' '}
            <span class="hint">Disponible jusqu’au {dayInWords(new Date(current().expiresAt))}.</span>
          </p>
        )}
      </Show>
      <Show when={exported() !== undefined && exported()?.status !== 'pending' && !downloadable(exported())}>
        <button type="button" class="button button--secondary" onClick={ask} disabled={form.busy()}>
          Préparer l’archive de mes données
        </button>
      </Show>
      <p class="visually-hidden" role="status">
        {downloadable(exported()) ? 'Votre archive est prête.' : announced()}
      </p>
    </section>
  );
}
