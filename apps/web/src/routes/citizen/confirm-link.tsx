import { useNavigate } from '@solidjs/router';
import { createResource, createSignal, Match, Show, Switch } from 'solid-js';
import { api } from '../../api.ts';
import { useCitizenSession } from '../../citizen-session.ts';
import { createForm, FormProblem, readProblem, SuccessNotice, TextField } from './form-fields.tsx';
import { PortalPage } from './portal-page.tsx';

const fields = { password: 'liaison-mot-de-passe', code: 'liaison-code' };

/**
 * /confirmer-liaison: FranceConnect gave the address of an existing account. It is linked only
 * once the citizen proves the account is theirs, with its password or a code sent to it.
 */
export function ConfirmLink() {
  const navigate = useNavigate();
  const { refresh } = useCitizenSession();
  const [pending] = createResource(async () => {
    const response = await api.auth.liaison.$get();
    if (response.ok) return { view: await response.json(), problem: undefined };
    return { view: undefined, problem: await readProblem(response) };
  });
  const byPassword = createForm();
  const byCode = createForm();
  const codeRequest = createForm();
  const [codeSent, setCodeSent] = createSignal(false);

  function accepted(response: Response) {
    return response.json().then(({ redirect }: { redirect: string }) => {
      refresh();
      navigate(redirect, { replace: true });
    });
  }

  function confirmWithPassword(event: SubmitEvent) {
    event.preventDefault();
    const password = String(new FormData(event.currentTarget as HTMLFormElement).get('password') ?? '');
    void byPassword.submit(() => api.auth.liaison.$post({ json: { method: 'password', password } }), accepted);
  }

  function confirmWithCode(event: SubmitEvent) {
    event.preventDefault();
    const code = String(new FormData(event.currentTarget as HTMLFormElement).get('code') ?? '');
    void byCode.submit(() => api.auth.liaison.$post({ json: { method: 'code', code } }), accepted);
  }

  function sendCode() {
    void codeRequest.submit(() => api.auth.liaison.code.$post(), () => { setCodeSent(true); });
  }

  return (
    <PortalPage title="Relier FranceConnect à votre compte">
      <Switch fallback={<p role="status">Chargement…</p>}>
        <Match when={pending()?.problem}>
          {(problem) => (
            <>
              <div class="notice notice--error" role="alert">
                <p>
                  <strong>{problem().title}</strong>
                </p>
                <Show when={problem().detail}>
                  <p>{problem().detail}</p>
                </Show>
              </div>
              <p>
                <a href="/connexion">Retour à la connexion</a>
              </p>
            </>
          )}
        </Match>
        <Match when={pending()?.view}>
          {(view) => (
            <>
              <p class="lead">
                Un compte citoyen existe déjà avec l’adresse <strong>{view().email}</strong>, celle que FranceConnect nous a transmise.
                Pour le relier à votre identité FranceConnect, confirmez qu’il est bien à vous.
              </p>
              <div class="sign-in-choices">
                <Show when={view().passwordProof}>
                  <section class="card" aria-labelledby="par-mot-de-passe">
                    <h2 id="par-mot-de-passe">Avec le mot de passe du compte</h2>
                    <form onSubmit={confirmWithPassword} class="form" novalidate>
                      <FormProblem form={byPassword} fields={fields} />
                      <TextField
                        id={fields.password}
                        name="password"
                        type="password"
                        autocomplete="current-password"
                        label="Mot de passe"
                        error={byPassword.fieldError('password')}
                      />
                      <button type="submit" class="button" disabled={byPassword.busy()}>
                        Relier mon compte
                      </button>
                    </form>
                  </section>
                </Show>
                <section class="card" aria-labelledby="par-code">
                  <h2 id="par-code">Avec un code reçu par e-mail</h2>
                  <FormProblem form={codeRequest} fields={{}} />
                  <Show
                    when={codeSent()}
                    fallback={
                      <button type="button" class="button button--secondary" onClick={sendCode} disabled={codeRequest.busy()}>
                        Recevoir un code par e-mail
                      </button>
                    }
                  >
                    <SuccessNotice>
                      <p>Un code à 6 chiffres vient d’être envoyé à cette adresse. Il reste valable 10 minutes.</p>
                    </SuccessNotice>
                    <form onSubmit={confirmWithCode} class="form" novalidate>
                      <FormProblem form={byCode} fields={fields} />
                      <TextField
                        id={fields.code}
                        name="code"
                        inputmode="numeric"
                        autocomplete="one-time-code"
                        maxlength="6"
                        label="Code reçu par e-mail"
                        hint="6 chiffres"
                        error={byCode.fieldError('code')}
                      />
                      <button type="submit" class="button" disabled={byCode.busy()}>
                        Relier mon compte
                      </button>
                    </form>
                  </Show>
                </section>
              </div>
              <p>
                Ce n’est pas votre compte ? <a href="/connexion">Annuler</a>
              </p>
            </>
          )}
        </Match>
      </Switch>
    </PortalPage>
  );
}
