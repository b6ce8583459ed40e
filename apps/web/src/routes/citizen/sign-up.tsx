import { createSignal, Show } from 'solid-js';
import { api } from '../../api.ts';
import { useCitizenSession } from '../../citizen-session.ts';
import { createForm, FormProblem, SuccessNotice, TextField } from './form-fields.tsx';
import { FranceConnectButton } from './franceconnect-button.tsx';
import { PortalPage } from './portal-page.tsx';

const fields = { email: 'inscription-email', password: 'inscription-mot-de-passe', acceptTerms: 'inscription-conditions' };

/** /inscription: an account by e-mail and password, usable once the address is confirmed. */
export function SignUp() {
  const { session } = useCitizenSession();
  const form = createForm();
  const [sentTo, setSentTo] = createSignal<string>();
  let done: HTMLHeadingElement | undefined;

  function signUp(event: SubmitEvent) {
    event.preventDefault();
    const data = new FormData(event.currentTarget as HTMLFormElement);
    const email = String(data.get('email') ?? '');
    void form.submit(
      () =>
        api.auth.inscription.$post({
          // The server says what is missing: an unchecked box is sent as it is.
          json: { email, password: String(data.get('password') ?? ''), acceptTerms: (data.get('acceptTerms') === 'oui') as true },
        }),
      () => {
        setSentTo(email);
        queueMicrotask(() => done?.focus());
      },
    );
  }

  return (
    <PortalPage title="Créer un compte">
      <Show
        when={sentTo()}
        fallback={
          <>
            <Show when={session()?.franceconnect}>
              <section class="card" aria-labelledby="franceconnect-titre">
                <h2 id="franceconnect-titre">Sans créer de mot de passe</h2>
                <p>FranceConnect est la solution proposée par l’État pour sécuriser et simplifier la connexion aux services en ligne. Votre compte est créé à partir de votre identité vérifiée.</p>
                <FranceConnectButton href="/api/auth/franceconnect" />
              </section>
              <p class="or-separator">ou</p>
            </Show>
            <section class="card" aria-labelledby="formulaire-titre">
              <h2 id="formulaire-titre">Avec une adresse e-mail et un mot de passe</h2>
              <form onSubmit={signUp} class="form" novalidate>
                <FormProblem form={form} fields={fields} />
                <TextField id={fields.email} name="email" type="email" autocomplete="email" label="Adresse e-mail" error={form.fieldError('email')} />
                <TextField
                  id={fields.password}
                  name="password"
                  type="password"
                  autocomplete="new-password"
                  label="Mot de passe"
                  hint="Au moins 12 caractères. Une phrase de plusieurs mots est facile à retenir et difficile à deviner."
                  error={form.fieldError('password')}
                />
                <div class="field" classList={{ 'field--invalid': Boolean(form.fieldError('acceptTerms')) }}>
                  <Show when={form.fieldError('acceptTerms')}>
                    {(error) => (
                      <p id={`${fields.acceptTerms}-erreur`} class="field-error">
                        {error()}
                      </p>
                    )}
                  </Show>
                  <label class="checkbox">
                    <input
                      id={fields.acceptTerms}
                      type="checkbox"
                      name="acceptTerms"
                      value="oui"
                      aria-invalid={form.fieldError('acceptTerms') ? 'true' : undefined}
                      aria-describedby={form.fieldError('acceptTerms') ? `${fields.acceptTerms}-erreur` : undefined}
                    />{' '}
                    J’accepte les <a href="/conditions-utilisation">conditions d’utilisation du portail</a>
                  </label>
                </div>
                <button type="submit" class="button" disabled={form.busy()}>
                  Créer mon compte
                </button>
              </form>
              <p>
                Déjà un compte ? <a href="/connexion">Se connecter</a>
              </p>
            </section>
          </>
        }
      >
        {(email) => (
          <SuccessNotice>
            <h2 tabindex="-1" ref={done}>
              Vérifiez votre messagerie
            </h2>
            <p>
              Un e-mail vient d’être envoyé à <strong>{email()}</strong>. Ouvrez le lien qu’il contient pour activer votre compte : il reste valable 24
              heures.
            </p>
            <p>Rien reçu ? Regardez dans les courriers indésirables, ou demandez un nouveau lien depuis la page de connexion.</p>
          </SuccessNotice>
        )}
      </Show>
    </PortalPage>
  );
}
