import { createSignal, Show } from 'solid-js';
import { api } from '../../api.ts';
import { createForm, FormProblem, SuccessNotice, TextField } from '../citizen/form-fields.tsx';
import { PortalPage } from '../citizen/portal-page.tsx';

/**
 * /suivi: the follow-up links of requests filed without an account, sent again to the address
 * they were filed with. The answer is the same whether the address filed anything or not.
 */
export function FollowUpLinks() {
  const form = createForm();
  const [email, setEmail] = createSignal('');
  const [sent, setSent] = createSignal<string>();
  function submit(event: SubmitEvent) {
    event.preventDefault();
    void form.submit(
      () => api.suivi.lien.$post({ json: { email: email() } }),
      () => void setSent(email()),
    );
  }
  return (
    <PortalPage title="Retrouver une demande faite sans compte">
      <p class="lead">Chaque demande faite sans compte se suit par un lien personnel, envoyé par e-mail avec l’accusé de réception.</p>
      <Show
        when={sent()}
        fallback={
          <form class="form" onSubmit={submit} novalidate>
            <FormProblem form={form} fields={{ email: 'suivi-courriel' }} />
            <TextField
              id="suivi-courriel"
              label="Adresse e-mail utilisée pour la demande"
              hint="Format attendu : nom@domaine.fr"
              type="email"
              autocomplete="email"
              required
              value={email()}
              error={form.fieldError('email')}
              onInput={(event) => setEmail(event.currentTarget.value)}
            />
            <button type="submit" class="button" disabled={form.busy()}>
              Recevoir mes liens de suivi
            </button>
          </form>
        }
      >
        {(address) => (
          <SuccessNotice>
            <p>
              Si des demandes ont été faites sans compte avec l’adresse {address()} sur ce portail, un e-mail vient d’y partir avec un lien de suivi pour
              chacune.
            </p>
            <p>Pensez à regarder dans les courriers indésirables.</p>
          </SuccessNotice>
        )}
      </Show>
      <p>
        Vous avez un compte ? <a href="/connexion?retour=%2Fmes-demandes">Connectez-vous</a> pour retrouver toutes vos demandes.
      </p>
    </PortalPage>
  );
}
