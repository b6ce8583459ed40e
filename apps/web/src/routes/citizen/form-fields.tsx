import { createEffect, createSignal, For, Show, splitProps, untrack, type JSX } from 'solid-js';

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

type Described = { id: string; label: string; hint?: string | undefined; error?: string | undefined };
type FieldProps = Described & JSX.InputHTMLAttributes<HTMLInputElement>;
type AreaProps = Described & JSX.TextareaHTMLAttributes<HTMLTextAreaElement>;

/** A labelled input whose hint and error are read with it (aria-describedby, aria-invalid). */
export function TextField(props: FieldProps) {
  const [own, input] = splitProps(props, ['id', 'label', 'hint', 'error']);
  return <LabelledControl {...own}>{(aria) => <input id={own.id} aria-invalid={aria.invalid()} aria-describedby={aria.describedBy()} {...input} />}</LabelledControl>;
}

/** A labelled text area, as `TextField`. */
export function TextAreaField(props: AreaProps) {
  const [own, area] = splitProps(props, ['id', 'label', 'hint', 'error']);
  return <LabelledControl {...own}>{(aria) => <textarea id={own.id} aria-invalid={aria.invalid()} aria-describedby={aria.describedBy()} {...area} />}</LabelledControl>;
}

/** The label, hint and error around a control; `children` draws the control once, told how to refer to them. */
function LabelledControl(props: Described & { children: (aria: { invalid: () => 'true' | undefined; describedBy: () => string | undefined }) => JSX.Element }) {
  const describedBy = () => [props.hint && `${props.id}-aide`, props.error && `${props.id}-erreur`].filter(Boolean).join(' ') || undefined;
  return (
    <div class="field" classList={{ 'field--invalid': Boolean(props.error) }}>
      <label for={props.id}>{props.label}</label>
      <Show when={props.hint}>
        <p id={`${props.id}-aide`} class="hint">
          {props.hint}
        </p>
      </Show>
      <Show when={props.error}>
        <p id={`${props.id}-erreur`} class="field-error">
          {props.error}
        </p>
      </Show>
      {untrack(() => props.children({ invalid: () => (props.error ? 'true' : undefined), describedBy }))}
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
