import { For, Show } from 'solid-js';

/** What the API answers when it refuses (RFC 9457), as the pages show it. */
export type ProblemView = { title: string; detail?: string | undefined; errors?: { field: string; message: string }[] | undefined };

export async function problemOf(response: Response): Promise<ProblemView> {
  const body = (await response.json().catch(() => null)) as Partial<ProblemView> | null;
  if (response.status === 429) {
    return { title: body?.title ?? 'Trop de tentatives.', detail: body?.detail };
  }
  return { title: body?.title ?? 'Une erreur est survenue. Réessayez dans un instant.', detail: body?.detail, errors: body?.errors };
}

/** Announced to screen readers as soon as it appears. */
export function ProblemMessage(props: { problem: ProblemView | undefined }) {
  return (
    <Show when={props.problem}>
      {(problem) => (
        <div class="notice notice--error" role="alert">
          <p>
            <strong>{problem().title}</strong>
          </p>
          <Show when={problem().detail}>
            <p>{problem().detail}</p>
          </Show>
          <Show when={problem().errors?.length}>
            <ul>
              <For each={problem().errors}>{(error) => <li>{error.message}</li>}</For>
            </ul>
          </Show>
        </div>
      )}
    </Show>
  );
}

/** What a page says when what it shows could not be loaded, with a way to try again. */
export function LoadFailure(props: { what: string; retry: () => void }) {
  return (
    <>
      <ProblemMessage problem={{ title: `${props.what} n’a pas pu être chargée.`, detail: 'Vérifiez votre connexion à Internet, puis réessayez.' }} />
      <button type="button" class="button" onClick={() => props.retry()}>
        Réessayer
      </button>
    </>
  );
}
