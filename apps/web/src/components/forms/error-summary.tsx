import { For, Show } from 'solid-js';

/** One line of the summary: what is wrong, and the control to go to (none for a form-wide error). */
export type SummaryEntry = { key: string; text: string; targetId?: string | undefined };

/**
 * The error summary of the French State's design system (DSFR) and GOV.UK: a titled box at the
 * top of the form, one link per wrong answer. It takes the focus when it appears (the page calls
 * `focus` on the ref), and a link hands its entry to `onFollow`, which may first show the step
 * holding the control, then focus it (`focusControl`).
 */
export function ErrorSummary(props: {
  entries: readonly SummaryEntry[];
  title?: string;
  ref?: (element: HTMLDivElement) => void;
  onFollow: (entry: SummaryEntry) => void;
}) {
  return (
    <Show when={props.entries.length > 0}>
      <div class="error-summary" tabindex="-1" ref={props.ref}>
        <h2 class="error-summary__title">
          {props.title ??
            (props.entries.length > 1 ? `Le formulaire contient ${props.entries.length} erreurs` : 'Le formulaire contient une erreur')}
        </h2>
        <ul>
          <For each={props.entries}>
            {(entry) => (
              <li>
                <Show when={entry.targetId} fallback={entry.text}>
                  {(targetId) => (
                    <a
                      href={`#${targetId()}`}
                      onClick={(event) => {
                        event.preventDefault();
                        props.onFollow(entry);
                      }}
                    >
                      {entry.text}
                    </a>
                  )}
                </Show>
              </li>
            )}
          </For>
        </ul>
      </div>
    </Show>
  );
}

/** Brings a control into view and gives it the focus (after the step holding it is shown). */
export function focusControl(id: string) {
  const element = document.getElementById(id);
  if (!element) return;
  element.scrollIntoView({ block: 'center' });
  element.focus();
}
