import { createResource, createSignal, For, Show } from 'solid-js';
import { fileSize, formatLabel } from '@guichet/forms/rendering';
import type { VaultDocument } from '../../api.ts';
import type { UploadedFile } from './form-state.ts';
import type { UploadOutcome } from './upload-file.ts';

export type VaultAccess = { documents: () => Promise<VaultDocument[]>; attach: (documentId: string) => Promise<UploadOutcome> };

/**
 * "Choisir dans mon coffre-fort": the signed-in citizen's documents of an accepted format, each
 * joined with one button (the commune gets a copy, as if it had been uploaded).
 */
export function VaultPicker(props: { id: string; vault: VaultAccess; accept: readonly string[]; onAttached: (file: UploadedFile) => void; onRefused: (message: string) => void }) {
  const [open, setOpen] = createSignal(false);
  const [busy, setBusy] = createSignal(false);
  const [documents] = createResource(open, () => props.vault.documents());
  const usable = () => (documents() ?? []).filter((document) => props.accept.includes(document.mediaType));

  async function attach(document: VaultDocument) {
    setBusy(true);
    const outcome = await props.vault.attach(document.id);
    setBusy(false);
    if (!outcome.ok) return props.onRefused(`« ${document.title} » n’est pas joint. ${outcome.title}`);
    props.onAttached(outcome.file);
    setOpen(false);
  }

  return (
    <div class="vault-picker">
      <button type="button" class="button button--secondary button--small" aria-expanded={open()} aria-controls={props.id} onClick={() => setOpen(!open())}>
        Choisir dans mon coffre-fort
      </button>
      <Show when={open()}>
        <div id={props.id} class="vault-picker__panel">
          <Show when={!documents.loading} fallback={<p role="status">Chargement de votre coffre-fort…</p>}>
            <Show
              when={usable().length > 0}
              fallback={
                <p>
                  Aucun document de votre coffre-fort n’est dans un format accepté ici. <a href="/coffre-fort">Ouvrir mon coffre-fort</a>
                </p>
              }
            >
              <ul class="file-list">
                <For each={usable()}>
                  {(document) => (
                    <li>
                      <span class="file-list__name">{document.title}</span>{' '}
                      <span class="hint">
                        ({formatLabel(document.mediaType)}, {fileSize(document.size)}, {document.expiry.label.toLocaleLowerCase('fr')})
                      </span>{' '}
                      <button type="button" class="link-button" disabled={busy()} onClick={() => void attach(document)}>
                        Joindre<span class="visually-hidden"> « {document.title} »</span>
                      </button>
                    </li>
                  )}
                </For>
              </ul>
            </Show>
          </Show>
        </div>
      </Show>
    </div>
  );
}
