import { For, Show } from 'solid-js';
import type { RequestFile } from '../../api.ts';
import { fileSize, formatLabel } from '@guichet/forms/rendering';
import { eventInWords, momentInWords, type HistoryEvent } from './request-format.ts';

/**
 * The public history, oldest first: filing, status changes with the commune's words, messages
 * both ways with their files, reopenings and ratings. Internal notes never reach this page.
 */
export function RequestTimeline(props: { history: readonly HistoryEvent[]; files: readonly RequestFile[]; fileUrl: (id: string) => string }) {
  const entries = () =>
    props.history.flatMap((event) => {
      const words = eventInWords(event);
      return words ? [{ event, ...words }] : [];
    });
  const filesOf = (event: HistoryEvent) => {
    const ids = ((event.payload as { attachmentIds?: string[] }).attachmentIds ?? []).map(String);
    return props.files.filter((file) => ids.includes(file.id));
  };
  return (
    <ol class="timeline">
      <For each={entries()}>
        {(entry) => (
          <li class="timeline__entry" classList={{ 'timeline__entry--mine': entry.event.actorKind === 'citizen', 'timeline__entry--message': entry.event.kind === 'message' }}>
            <p class="timeline__title">
              <strong>{entry.title}</strong> <span class="hint">– le {momentInWords(entry.event.at)}</span>
            </p>
            <Show when={entry.text}>
              <p class="timeline__text">{entry.text}</p>
            </Show>
            <Show when={filesOf(entry.event).length > 0}>
              <ul class="file-list" aria-label="Pièces jointes">
                <For each={filesOf(entry.event)}>
                  {(file) => (
                    <li>
                      <a href={props.fileUrl(file.id)} download={file.filename}>
                        {file.filename}
                      </a>{' '}
                      <span class="hint">
                        ({formatLabel(file.mediaType)}, {fileSize(file.size)})
                      </span>
                    </li>
                  )}
                </For>
              </ul>
            </Show>
          </li>
        )}
      </For>
    </ol>
  );
}
