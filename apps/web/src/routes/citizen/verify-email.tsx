import { useSearchParams } from '@solidjs/router';
import { createSignal, Match, onMount, Switch } from 'solid-js';
import { api } from '../../api.ts';
import { createForm, FormProblem, readProblem, SuccessNotice, TextField, type Problem } from './form-fields.tsx';
import { PortalPage } from './portal-page.tsx';

/** /verifier-email?jeton=…: the link of the confirmation mail, confirmed as soon as it opens. */
export function VerifyEmail() {
  const [search] = useSearchParams<{ jeton?: string }>();
  const [outcome, setOutcome] = createSignal<'pending' | 'confirmed' | Problem>('pending');

  onMount(async () => {
    const response = await api.auth.verification.$post({ json: { token: search.jeton ?? '' } });
    setOutcome(response.ok ? 'confirmed' : await readProblem(response));
  });

  return (
    <PortalPage title="Confirmation de votre adresse e-mail">
      <Switch>
        <Match when={outcome() === 'pending'}>
          <p role="status">Confirmation en cours…</p>
        </Match>
        <Match when={outcome() === 'confirmed'}>
          <SuccessNotice>
            <p>Votre adresse e-mail est confirmée : votre compte est actif.</p>
          </SuccessNotice>
          <p>
            <a class="button" href="/connexion">
              Se connecter
            </a>
          </p>
        </Match>
        <Match when={typeof outcome() === 'object' && (outcome() as Problem)}>
          {(problem) => (
            <>
              <div class="notice notice--error" role="alert">
                <p>
                  <strong>{problem().title}</strong>
                </p>
                <p>{problem().detail}</p>
              </div>
              <ResendLink />
            </>
          )}
        </Match>
      </Switch>
    </PortalPage>
  );
}

const fields = { email: 'renvoi-email' };

function ResendLink() {
  const form = createForm();
  const [sent, setSent] = createSignal(false);
  function resend(event: SubmitEvent) {
    event.preventDefault();
    const email = String(new FormData(event.currentTarget as HTMLFormElement).get('email') ?? '');
    void form.submit(() => api.auth.verification.renvoi.$post({ json: { email } }), () => { setSent(true); });
  }
  return (
    <section class="card" aria-labelledby="renvoi-titre">
      <h2 id="renvoi-titre">Recevoir un nouveau lien</h2>
      <Switch>
        <Match when={sent()}>
          <SuccessNotice>
            <p>Si cette adresse attend une confirmation, un nouveau lien vient de lui être envoyé.</p>
          </SuccessNotice>
        </Match>
        <Match when={!sent()}>
          <form onSubmit={resend} class="form" novalidate>
            <FormProblem form={form} fields={fields} />
            <TextField id={fields.email} name="email" type="email" autocomplete="email" label="Adresse e-mail" error={form.fieldError('email')} />
            <button type="submit" class="button" disabled={form.busy()}>
              Envoyer un nouveau lien
            </button>
          </form>
        </Match>
      </Switch>
    </section>
  );
}
