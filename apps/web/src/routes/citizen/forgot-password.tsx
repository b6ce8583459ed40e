import { createSignal, Show } from 'solid-js';
import { api } from '../../api.ts';
import { createForm, FormProblem, SuccessNotice, TextField } from './form-fields.tsx';
import { PortalPage } from './portal-page.tsx';

const fields = { email: 'oubli-email' };

/** /mot-de-passe-oublie: a reset link by e-mail; the page says the same whether the account exists or not. */
export function ForgotPassword() {
  const form = createForm();
  const [sent, setSent] = createSignal(false);

  function request(event: SubmitEvent) {
    event.preventDefault();
    const email = String(new FormData(event.currentTarget as HTMLFormElement).get('email') ?? '');
    void form.submit(() => api.auth['mot-de-passe'].oubli.$post({ json: { email } }), () => { setSent(true); });
  }

  return (
    <PortalPage title="Mot de passe oublié">
      <Show
        when={sent()}
        fallback={
          <form onSubmit={request} class="form card" novalidate>
            <p>Indiquez l’adresse e-mail de votre compte : nous vous enverrons un lien pour choisir un nouveau mot de passe.</p>
            <FormProblem form={form} fields={fields} />
            <TextField id={fields.email} name="email" type="email" autocomplete="email" label="Adresse e-mail" error={form.fieldError('email')} />
            <button type="submit" class="button" disabled={form.busy()}>
              Recevoir un lien
            </button>
          </form>
        }
      >
        <SuccessNotice>
          <p>Si un compte existe avec cette adresse, un e-mail vient de lui être envoyé. Le lien qu’il contient reste valable une heure.</p>
        </SuccessNotice>
        <p>
          <a href="/connexion">Retour à la connexion</a>
        </p>
      </Show>
    </PortalPage>
  );
}
