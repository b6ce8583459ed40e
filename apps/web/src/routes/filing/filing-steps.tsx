import { useLocation, useSearchParams } from '@solidjs/router';
import { createEffect, createMemo, createSignal, For, on, onMount, Show } from 'solid-js';
import { api, type Draft, type FiledRequest, type Procedure } from '../../api.ts';
import { AnswersReview } from '../../components/forms/answers-review.tsx';
import { ErrorSummary, focusControl, type SummaryEntry } from '../../components/forms/error-summary.tsx';
import { describedBy, FieldFrame } from '../../components/forms/field-frame.tsx';
import { FormFields } from '../../components/forms/form-fields.tsx';
import { formSections, type FormSection } from '../../components/forms/form-sections.ts';
import { createSubmissionKey } from '../../components/forms/submission-key.ts';
import {
  checkAnswers,
  createFormState,
  describePath,
  shownFields,
  submissionValues,
  type Field,
  type FieldError,
} from '../../components/forms/form-state.ts';
import { problemOf, ProblemMessage, type ProblemView } from '../../components/problem-message.tsx';
import { FeeNotice } from './fee-notice.tsx';
import { citizenVault } from '../vault/citizen-vault.ts';
import { useCommune } from '../../site-context.tsx';
import { createDraftAutosave } from './draft-autosave.ts';
import { DraftOffer, DraftStatus } from './draft-offer.tsx';

const CONTACT_EMAIL = ['contact', 'email'] as const;
const contactEmailId = 'contact-email';
const contactEmailHint = 'L’accusé de réception et les réponses de la mairie vous seront envoyés à cette adresse.';

/**
 * The form of a procedure, one section (from one heading to the next) per step, then a review
 * of every answer, then the filing. The step is in the address (`?etape=2`), so the browser's
 * "back" goes to the previous step; the focus moves to each new step's title, or to the error
 * summary when something is wrong. The browser checks what it can; the server's 422 answer has
 * the last word, each error beside its field and in the summary, on the step of the first one.
 */
export function FilingSteps(props: {
  procedure: Procedure;
  anonymous: boolean;
  onTitle: (title: string) => void;
  onFiled: (request: FiledRequest, email: string | undefined) => void;
}) {
  const slug = props.procedure.slug;
  const commune = useCommune();
  // Filed once whatever the retries: a new page, a new submission.
  const submission = createSubmissionKey();
  const form = createFormState({
    uploadUrl: (field) => `/api/pieces-jointes?procedure=${encodeURIComponent(slug)}&field=${encodeURIComponent(field)}`,
    vault: props.anonymous ? undefined : citizenVault,
    addressSearch: commune().addressSearch,
    map: commune().map,
  });
  const fields = props.procedure.form.fields as readonly Field[];
  const sections = formSections(fields);
  const whole = createMemo(() => shownFields(fields, form.answers));
  const steps = createMemo(() => sections.filter((section) => section.fields.some((field) => whole().shown.has(field.key))));
  const reviewIndex = () => steps().length;
  const [search, setSearch] = useSearchParams<{ etape?: string }>();
  const location = useLocation();
  // A memo: the focus moves when the step changes, not each time an answer changes the steps.
  const stepIndex = createMemo(() => Math.min(Math.max((Number(search.etape) || 1) - 1, 0), reviewIndex()));
  const section = () => steps()[stepIndex()];
  const sectionTitle = (step: FormSection | undefined) => (step ? (step.heading?.label ?? 'Votre demande') : 'Récapitulatif et envoi');
  const stepTitle = () => `Étape ${stepIndex() + 1} sur ${reviewIndex() + 1} : ${sectionTitle(section())}`;
  const [email, setEmail] = createSignal('');
  const [busy, setBusy] = createSignal(false);
  const [problem, setProblem] = createSignal<ProblemView>();
  let heading: HTMLHeadingElement | undefined;
  let summary: HTMLDivElement | undefined;
  let focusAfterStep: 'summary' | string | undefined;

  createEffect(() => props.onTitle(stepTitle()));

  // The answers are kept as a draft (the account's, or signed out this browser's for a day, handed
  // to the account on signing in); an earlier one is offered first.
  const [draft, setDraft] = createSignal<Draft | null | undefined>();
  const [draftDecided, setDraftDecided] = createSignal(false);
  const autosave = createDraftAutosave({
    procedure: slug,
    answers: () => form.answers,
    enabled: () => props.procedure.published && (draft() === null || draftDecided()),
  });
  onMount(async () => {
    const response = await api.brouillons.$get().catch(() => undefined);
    const drafts = response?.ok ? (await response.json()).drafts : [];
    setDraft(drafts.find((kept) => kept.procedure === slug) ?? null);
  });
  function resumeDraft(kept: Draft) {
    form.load(kept.values);
    autosave.knownSaved(kept.values);
    setDraftDecided(true);
  }
  function discardDraft() {
    void api.brouillons[':procedure'].$delete({ param: { procedure: slug } });
    setDraftDecided(true);
  }

  // A reloaded page starts at the first step: its answers come back through the draft offer.
  onMount(() => {
    if (search.etape !== undefined && search.etape !== '1') setSearch({ etape: undefined }, { replace: true });
  });

  createEffect(
    on(
      stepIndex,
      () => {
        const target = focusAfterStep;
        focusAfterStep = undefined;
        queueMicrotask(() => focusOn(target));
      },
      { defer: true },
    ),
  );

  function focusOn(target: 'summary' | string | undefined) {
    if (target === 'summary') summary?.focus();
    else if (target) focusControl(target);
    else heading?.focus();
  }

  function goTo(index: number, focus?: 'summary' | string) {
    if (index === stepIndex()) return queueMicrotask(() => focusOn(focus));
    focusAfterStep = focus;
    setSearch({ etape: String(index + 1) });
  }

  const stepHref = (index: number) => `${location.pathname}?etape=${index + 1}`;

  /** The step holding an error's field: a form answer's section, or the review (contact). */
  function stepOf(error: FieldError): number {
    const key = error.field.split('/')[0];
    const index = steps().findIndex((step) => step.fields.some((field) => field.key === key));
    return index === -1 ? reviewIndex() : index;
  }

  const orderedErrors = () => [...form.errors()].sort((a, b) => stepOf(a) - stepOf(b));

  const summaryEntries = (): SummaryEntry[] =>
    orderedErrors().map((error) => {
      if (error.field === CONTACT_EMAIL.join('/')) return { key: error.field, text: `Votre adresse e-mail : ${error.message}`, targetId: contactEmailId };
      const path = error.field.split('/');
      const located = describePath(fields, path);
      return located
        ? { key: error.field, text: `${located.label} : ${error.message}`, targetId: form.idOf(path) }
        : { key: error.field, text: error.message };
    });

  function follow(entry: SummaryEntry) {
    goTo(stepOf({ field: entry.key, message: '' }), entry.targetId);
  }

  /** Shows errors (the browser's or the server's) and takes the citizen to the first one. */
  function report(errors: FieldError[]) {
    form.setErrors(errors);
    goTo(stepOf(orderedErrors()[0]!), 'summary');
  }

  function next(event: SubmitEvent) {
    event.preventDefault();
    const current = section()!;
    const keys = new Set(current.fields.map((field) => field.key));
    const found = checkAnswers(current.fields, form.answers, [], whole().kept);
    const elsewhere = form.errors().filter((error) => !keys.has(error.field.split('/')[0]!));
    if (found.length > 0) return report([...found, ...elsewhere]);
    form.setErrors(elsewhere);
    goTo(stepIndex() + 1);
  }

  function previous() {
    goTo(stepIndex() - 1);
  }

  async function submit(event: SubmitEvent) {
    event.preventDefault();
    setProblem(undefined);
    if (form.uploading() > 0) {
      setProblem({ title: 'Un fichier est encore en cours d’envoi.', detail: 'Attendez la fin de l’envoi, puis envoyez votre demande.' });
      return;
    }
    const found = checkAnswers(fields, form.answers);
    if (props.anonymous && email().trim() === '') {
      found.push({ field: CONTACT_EMAIL.join('/'), message: 'Indiquez votre adresse e-mail pour recevoir l’accusé de réception.' });
    }
    if (found.length > 0) return report(found);
    setBusy(true);
    await autosave.settle();
    try {
      const response = await api.demandes.$post(
        {
          json: {
            procedure: slug,
            values: submissionValues(fields, form.answers),
            ...(props.anonymous ? { contact: { email: email().trim() } } : {}),
          },
        },
        { headers: submission.headers() },
      );
      if (response.status === 201) return props.onFiled(await response.json(), props.anonymous ? email().trim() : undefined);
      const refused = await problemOf(response);
      if (refused.errors?.length) return report(refused.errors);
      setProblem(refused);
    } catch {
      setProblem({ title: 'Le portail ne répond pas.', detail: 'Vérifiez votre connexion à Internet, puis envoyez à nouveau votre demande.' });
    } finally {
      setBusy(false);
    }
  }

  return (
    <div class="stepper-form">
      {/* Announced when it appears, after the page: it is the first thing to decide. */}
      <div aria-live="polite">
        <Show when={!draftDecided() && draft()}>{(kept) => <DraftOffer draft={kept()} onResume={() => resumeDraft(kept())} onDiscard={discardDraft} />}</Show>
      </div>
      <ErrorSummary entries={summaryEntries()} ref={(element) => (summary = element)} onFollow={follow} />
      <div class="stepper">
        <h2 class="stepper__title" tabindex="-1" ref={heading} id="etape-titre">
          {stepTitle()}
        </h2>
        <div class="stepper__bar" aria-hidden="true">
          <span style={{ width: `${((stepIndex() + 1) / (reviewIndex() + 1)) * 100}%` }} />
        </div>
        <Show when={stepIndex() < reviewIndex()}>
          <p class="stepper__next">
            <span>Étape suivante :</span> {sectionTitle(steps()[stepIndex() + 1])}
          </p>
        </Show>
      </div>
      <Show
        when={section()}
        fallback={
          <form class="form filing-form" novalidate aria-labelledby="etape-titre" onSubmit={(event) => void submit(event)}>
            <p>Vérifiez vos réponses avant d’envoyer votre demande. Vous pouvez encore les modifier.</p>
            <For each={steps()}>
              {(step, index) => (
                <section class="review-section" aria-labelledby={`recapitulatif-${index()}`}>
                  <div class="review-section__header">
                    <h3 id={`recapitulatif-${index()}`}>{sectionTitle(step)}</h3>
                    <a href={stepHref(index())}>
                      Modifier<span class="visually-hidden"> : {sectionTitle(step)}</span>
                    </a>
                  </div>
                  <AnswersReview fields={step.fields} answers={form.answers} outer={whole().kept} />
                </section>
              )}
            </For>
            <Show when={props.anonymous}>
              <FieldFrame
                id={contactEmailId}
                label="Votre adresse e-mail"
                required
                hint={contactEmailHint}
                error={form.errorAt(CONTACT_EMAIL)}
              >
                <input
                  id={contactEmailId}
                  name="email"
                  type="email"
                  autocomplete="email"
                  spellcheck={false}
                  aria-required="true"
                  aria-invalid={form.errorAt(CONTACT_EMAIL) ? 'true' : undefined}
                  aria-describedby={describedBy({ id: contactEmailId, hint: contactEmailHint, error: form.errorAt(CONTACT_EMAIL) })}
                  value={email()}
                  onInput={(event) => {
                    setEmail(event.currentTarget.value);
                    form.clearErrors(CONTACT_EMAIL);
                  }}
                />
              </FieldFrame>
            </Show>
            <Show when={props.procedure.feeCents}>
              <FeeNotice feeCents={props.procedure.feeCents!} />
            </Show>
            <ProblemMessage problem={problem()} />
            <div class="stepper-form__actions">
              <button type="button" class="button button--secondary" onClick={previous}>
                Précédent
              </button>
              <button type="submit" class="button" disabled={busy()}>
                {busy() ? 'Envoi en cours…' : 'Envoyer ma demande'}
              </button>
            </div>
          </form>
        }
      >
        {(current) => (
          <form class="form filing-form" novalidate aria-labelledby="etape-titre" onSubmit={next}>
            <p class="hint">Les champs marqués « obligatoire » doivent être remplis.</p>
            <Show when={current().heading?.help}>
              <p>{current().heading!.help}</p>
            </Show>
            <FormFields form={form} fields={current().fields} outer={whole().kept} headingLevel={3} />
            <DraftStatus savedAt={autosave.savedAt()} failed={autosave.failed()} />
            <div class="stepper-form__actions">
              <Show when={stepIndex() > 0}>
                <button type="button" class="button button--secondary" onClick={previous}>
                  Précédent
                </button>
              </Show>
              <button type="submit" class="button">
                Continuer
              </button>
            </div>
          </form>
        )}
      </Show>
    </div>
  );
}
