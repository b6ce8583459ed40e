import { For, Show } from 'solid-js';
import { fileSize, formatLabel } from '@guichet/forms/rendering';
import type { UploadedFile } from './form-state.ts';

/** Files already sent, each with its format and size and a "Retirer" button naming it. */
export function UploadedFileList(props: { label: string; files: readonly UploadedFile[]; onRemove: (file: UploadedFile) => void }) {
  return (
    <Show when={props.files.length > 0}>
      <ul class="file-list" aria-label={props.label}>
        <For each={props.files}>
          {(file) => (
            <li>
              <span class="file-list__name">{file.filename}</span>{' '}
              <span class="hint">
                ({formatLabel(file.mediaType)}, {fileSize(file.size)})
              </span>{' '}
              <button type="button" class="link-button" onClick={() => props.onRemove(file)}>
                Retirer<span class="visually-hidden"> « {file.filename} »</span>
              </button>
            </li>
          )}
        </For>
      </ul>
    </Show>
  );
}

/** The file being sent, with a labelled progress bar (XMLHttpRequest reports the bytes sent). */
export function UploadProgress(props: { id: string; sending: { name: string; percent: number } | undefined }) {
  return (
    <Show when={props.sending}>
      {(current) => (
        <div class="upload-progress">
          <label for={props.id}>Envoi de « {current().name} »</label>
          <progress id={props.id} max="100" value={current().percent}>
            {current().percent} %
          </progress>
          <span aria-hidden="true">{current().percent} %</span>
        </div>
      )}
    </Show>
  );
}
