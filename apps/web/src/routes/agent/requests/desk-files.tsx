import { For, Show } from 'solid-js';
import type { RequestFile } from '../../../api.ts';

export type DeskFile = RequestFile;

const size = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 1 });

/** Every file of the request (the citizen's and the commune's), images previewed, each downloadable. */
export function DeskFiles(props: { requestId: string; files: readonly DeskFile[] }) {
  const url = (file: DeskFile) => `/api/agent/demandes/${props.requestId}/pieces-jointes/${file.id}`;
  return (
    <section class="card" aria-labelledby="fichiers-titre">
      <h2 id="fichiers-titre">Pièces jointes</h2>
      <Show when={props.files.length > 0} fallback={<p>Aucun fichier.</p>}>
        <ul class="desk-files">
          <For each={props.files}>
            {(file) => (
              <li>
                <Show when={file.mediaType.startsWith('image/')}>
                  <img src={url(file)} alt={`Aperçu de « ${file.filename} »`} loading="lazy" />
                </Show>
                <a href={url(file)} download={file.filename}>
                  {file.filename}
                </a>{' '}
                <span class="hint">({size.format(file.size / 1024 / 1024)} Mo)</span>
              </li>
            )}
          </For>
        </ul>
      </Show>
    </section>
  );
}
