import { createSignal, Show } from 'solid-js';
import { api, type CitizenAccount } from '../../api.ts';
import { useCitizenSession } from '../../citizen-session.ts';
import { createForm, FormProblem, SuccessNotice, TextField } from './form-fields.tsx';

/**
 * "Supprimer mon compte": what goes and what the communes keep, then a proof that the account is
 * the citizen's (signing in again with FranceConnect for an account linked to it, the password of
 * a confirmed address, or a code e-mailed to it), then the end.
 */
export function AccountDeletion(props: { account: CitizenAccount; onDeleted: () => void }) {
  const form = createForm();
  const codeForm = createForm();
  const franceConnectForm = createForm();
  const { refresh } = useCitizenSession();
  const byPassword = () => props.account.methods.password && props.account.emailVerified;
  const [method, setMethod] = createSignal<'password' | 'code'>(byPassword() ? 'password' : 'code');
  const [codeSent, setCodeSent] = createSignal(false);
  const [secret, setSecret] = createSignal('');

  function sendCode() {
    void codeForm.submit(
      () => api.compte.suppression.code.$post(),
      () => {
        setCodeSent(true);
        setMethod('code');
        // What was typed as a password must not stay, visible, in the code's field.
        setSecret('');
      },
    );
  }

  /** FranceConnect asks the citizen to sign in again; the callback deletes and lands on /compte-supprime. */
  function confirmWithFranceConnect() {
    void franceConnectForm.submit(
      () => api.compte.suppression.franceconnect.$post(),
      async (response) => window.location.assign(((await response.json()) as { redirect: string }).redirect),
    );
  }

  function submit(event: SubmitEvent) {
    event.preventDefault();
    const proof = method() === 'password' ? { method: 'password' as const, password: secret() } : { method: 'code' as const, code: secret() };
    void form.submit(
      () => api.compte.suppression.$post({ json: proof }),
      () => {
        refresh();
        props.onDeleted();
      },
    );
  }

  return (
    <section class="card card--danger" aria-labelledby="suppression-titre">
      <h2 id="suppression-titre">Supprimer mon compte</h2>
      <p>La suppression est définitive :</p>
      <ul>
        <li>vos demandes restent conservées par les mairies, le temps que la loi leur impose, sans lien avec un compte ;</li>
        <li>les documents de votre coffre-fort et vos brouillons sont effacés ;</li>
        <li>vous êtes déconnecté de tous vos appareils, dans toutes les communes de l’intercommunalité.</li>
      </ul>
      <details class="disclosure">
        <summary>Je veux supprimer mon compte</summary>
        <Show when={props.account.methods.franceconnect}>
          <FormProblem form={franceConnectForm} fields={{}} />
          <p>
            Confirmez en vous identifiant à nouveau avec FranceConnect : à votre retour, le compte est supprimé.{' '}
            <button type="button" class="button button--danger button--small" onClick={confirmWithFranceConnect} disabled={franceConnectForm.busy()}>
              Supprimer mon compte avec FranceConnect
            </button>
          </p>
          <Show when={props.account.email}>
            <p class="or-separator">ou</p>
          </Show>
        </Show>
        <Show
          when={props.account.email}
          fallback={
            <Show when={!props.account.methods.franceconnect}>
              <p>Votre compte n’a pas d’adresse e-mail : contactez la mairie pour le supprimer.</p>
            </Show>
          }
        >
          <FormProblem form={codeForm} fields={{}} />
          <Show when={method() === 'code'}>
            <Show
              when={codeSent()}
              fallback={
                <p>
                  Pour confirmer, nous vous envoyons un code à 6 chiffres à {props.account.email}.{' '}
                  <button type="button" class="button button--secondary button--small" onClick={sendCode} disabled={codeForm.busy()}>
                    Recevoir un code par e-mail
                  </button>
                </p>
              }
            >
              <SuccessNotice>
                <p>Un code vient de partir à {props.account.email}. Il est valable 15 minutes.</p>
              </SuccessNotice>
            </Show>
          </Show>
          <Show when={method() === 'password' || codeSent()}>
            <form class="form" onSubmit={submit} novalidate>
              <FormProblem form={form} fields={{ password: 'suppression-preuve', code: 'suppression-preuve' }} />
              <TextField
                id="suppression-preuve"
                label={method() === 'password' ? 'Votre mot de passe' : 'Le code reçu par e-mail'}
                type={method() === 'password' ? 'password' : 'text'}
                inputmode={method() === 'code' ? 'numeric' : undefined}
                autocomplete={method() === 'password' ? 'current-password' : 'one-time-code'}
                required
                value={secret()}
                error={form.fieldError(method())}
                onInput={(event) => setSecret(event.currentTarget.value)}
              />
              <p class="actions">
                <button type="submit" class="button button--danger" disabled={form.busy()}>
                  Supprimer définitivement mon compte
                </button>
                <Show when={method() === 'password'}>
                  <button type="button" class="link-button" onClick={sendCode}>
                    Mot de passe oublié ? Confirmer par un code e-mail
                  </button>
                </Show>
              </p>
            </form>
          </Show>
        </Show>
      </details>
    </section>
  );
}

/** Said once the account is gone: here after a password or a code, on /compte-supprime after FranceConnect. */
export function AccountDeletedNotice() {
  return (
    <div class="notice notice--success" tabindex="-1" ref={(element) => queueMicrotask(() => element.focus())}>
      <p>
        <strong>Votre compte est supprimé.</strong> Un e-mail vous le confirme. Vos demandes restent suivies par les mairies : contactez-les avec leur
        référence.
      </p>
      <p>
        <a href="/">Revenir à l’accueil</a>
      </p>
    </div>
  );
}
