import { createEffect, createSignal, For, Show, splitProps, type JSX } from 'solid-js';

/** An RFC 9457 problem as the API answers it; `type` ends with a slug the page may act on. */
export type Problem = { type?: string; title: string; detail?: string | undefined; errors?: { field: string; message: string }[] | undefined };

export async function readProblem(response: Response): Promise<Problem> {
  const body = (await response.json().catch(() => null)) as Partial<Problem> | null;
  return {
    type: body?.type,
    title: body?.title ?? 'Une erreur est survenue. Réessayez dans un instant.',
    detail: body?.detail,
    errors: body?.errors,
  };
}

/** Whether a problem is of the kind named by its slug (the end of its `type`). */
export function isProblem(problem: Problem | undefined, slug: string): boolean {
  return problem?.type?.endsWith(`/${slug}`) ?? false;
}

/**
 * A form's state: busy while sending, and the problem the API answered, whose per-field
 * errors are shown beside their fields. `send` answers the API's response; `accepted`
 * runs on success.
 */
export function createForm() {
  const [problem, setProblem] = createSignal<Problem>();
  const [busy, setBusy] = createSignal(false);
  return {
    problem,
    busy,
    setProblem,
    fieldError: (field: string) => problem()?.errors?.find((error) => error.field === field)?.message,
    async submit(send: () => Promise<Response>, accepted: (response: Response) => void | Promise<void>) {
      setBusy(true);
      try {
        const response = await send();
        if (!response.ok) return setProblem(await readProblem(response));
        setProblem(undefined);
        await accepted(response);
      } catch {
        setProblem({ title: 'Le portail ne répond pas.', detail: 'Vérifiez votre connexion à Internet, puis réessayez.' });
      } finally {
        setBusy(false);
      }
    },
  };
}

export type Form = ReturnType<typeof createForm>;

/**
 * What went wrong, at the top of the form: it takes the focus when it appears, and each
 * field error links to its field (RGAA 11.10, WCAG 3.3.1).
 */
export function FormProblem(props: { form: Form; fields: Record<string, string> }) {
  let box: HTMLDivElement | undefined;
  createEffect(() => {
    if (props.form.problem()) queueMicrotask(() => box?.focus());
  });
  return (
    <Show when={props.form.problem()}>
      {(problem) => (
        <div class="notice notice--error" tabindex="-1" ref={box}>
          <p>
            <strong>{problem().title}</strong>
          </p>
          <Show when={problem().detail}>
            <p>{problem().detail}</p>
          </Show>
          <Show when={problem().errors?.length}>
            <ul>
              <For each={problem().errors}>
                {(error) => (
                  <li>
                    <Show when={props.fields[error.field]} fallback={error.message}>
                      {(id) => <a href={`#${id()}`}>{error.message}</a>}
                    </Show>
                  </li>
                )}
              </For>
            </ul>
          </Show>
        </div>
      )}
    </Show>
  );
}

type FieldProps = {
  id: string;
  label: string;
  hint?: string;
  error?: string | undefined;
} & JSX.InputHTMLAttributes<HTMLInputElement>;

/** A labelled input whose hint and error are read with it (aria-describedby, aria-invalid). */
export function TextField(props: FieldProps) {
  const [own, input] = splitProps(props, ['id', 'label', 'hint', 'error']);
  const describedBy = () => [own.hint && `${own.id}-aide`, own.error && `${own.id}-erreur`].filter(Boolean).join(' ') || undefined;
  return (
    <div class="field" classList={{ 'field--invalid': Boolean(own.error) }}>
      <label for={own.id}>{own.label}</label>
      <Show when={own.hint}>
        <p id={`${own.id}-aide`} class="hint">
          {own.hint}
        </p>
      </Show>
      <Show when={own.error}>
        <p id={`${own.id}-erreur`} class="field-error">
          {own.error}
        </p>
      </Show>
      <input id={own.id} aria-invalid={own.error ? 'true' : undefined} aria-describedby={describedBy()} {...input} />
    </div>
  );
}

/** A notice that is read out when it appears (a form sent, a link followed). */
export function SuccessNotice(props: { children: JSX.Element }) {
  return (
    <div class="notice notice--success" role="status">
      {props.children}
    </div>
  );
}
