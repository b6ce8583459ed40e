import { useNavigate, useSearchParams } from '@solidjs/router';
import { createSignal, Show } from 'solid-js';
import { api } from '../../api.ts';
import { useCitizenSession } from '../../citizen-session.ts';
import { createForm, FormProblem, isProblem, SuccessNotice, TextField } from './form-fields.tsx';
import { FranceConnectButton } from './franceconnect-button.tsx';
import { PortalPage } from './portal-page.tsx';
import { RedirectError } from './redirect-error.tsx';

const fields = { email: 'connexion-email', password: 'connexion-mot-de-passe' };

/** /connexion: FranceConnect first, then e-mail and password. */
export function SignIn() {
  const navigate = useNavigate();
  const { session, refresh } = useCitizenSession();
  const [search] = useSearchParams<{ erreur?: string; retour?: string }>();
  const form = createForm();
  const [email, setEmail] = createSignal('');
  const [resent, setResent] = createSignal(false);
  const unconfirmed = () => isProblem(form.problem(), 'adresse-non-confirmee');
  const franceConnectHref = () => `/api/auth/franceconnect${search.retour ? `?retour=${encodeURIComponent(search.retour)}` : ''}`;

  function signIn(event: SubmitEvent) {
    event.preventDefault();
    const data = new FormData(event.currentTarget as HTMLFormElement);
    setEmail(String(data.get('email') ?? ''));
    setResent(false);
    void form.submit(
      () => api.auth.connexion.$post({ json: { email: email(), password: String(data.get('password') ?? ''), returnTo: search.retour } }),
      async (response) => {
        const { redirect } = (await response.json()) as { redirect: string };
        refresh();
        navigate(redirect, { replace: true });
      },
    );
  }

  async function resend() {
    const response = await api.auth.verification.renvoi.$post({ json: { email: email() } });
    if (response.ok) setResent(true);
  }

  return (
    <PortalPage title="Se connecter">
      <RedirectError code={search.erreur} />
      <div class="sign-in-choices">
        <Show when={session()?.franceconnect}>
          <section class="card" aria-labelledby="franceconnect-titre">
            <h2 id="franceconnect-titre">Avec FranceConnect</h2>
            <p>FranceConnect est la solution proposée par l’État pour sécuriser et simplifier la connexion aux services en ligne.</p>
            <FranceConnectButton href={franceConnectHref()} />
          </section>
          <p class="or-separator">ou</p>
        </Show>
        <section class="card" aria-labelledby="mot-de-passe-titre">
          <h2 id="mot-de-passe-titre">Avec votre adresse e-mail</h2>
          <form onSubmit={signIn} class="form" novalidate>
            <FormProblem form={form} fields={fields} />
            <Show when={unconfirmed()}>
              <Show when={resent()} fallback={<button type="button" class="button button--secondary" onClick={() => void resend()}>Recevoir un nouveau lien de confirmation</button>}>
                <SuccessNotice>
                  <p>Si cette adresse attend une confirmation, un nouveau lien vient de lui être envoyé.</p>
                </SuccessNotice>
              </Show>
            </Show>
            <TextField id={fields.email} name="email" type="email" autocomplete="email" label="Adresse e-mail" error={form.fieldError('email')} />
            <TextField
              id={fields.password}
              name="password"
              type="password"
              autocomplete="current-password"
              label="Mot de passe"
              error={form.fieldError('password')}
            />
            <p>
              <a href="/mot-de-passe-oublie">Mot de passe oublié ?</a>
            </p>
            <button type="submit" class="button" disabled={form.busy()}>
              Se connecter
            </button>
          </form>
          <p>
            Pas encore de compte ? <a href="/inscription">Créer un compte</a>
          </p>
        </section>
      </div>
    </PortalPage>
  );
}
