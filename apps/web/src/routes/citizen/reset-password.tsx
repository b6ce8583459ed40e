import { useNavigate, useSearchParams } from '@solidjs/router';
import { api } from '../../api.ts';
import { useCitizenSession } from '../../citizen-session.ts';
import { createForm, FormProblem, TextField } from './form-fields.tsx';
import { PortalPage } from './portal-page.tsx';

const fields = { password: 'nouveau-mot-de-passe', confirmation: 'confirmation-mot-de-passe' };

/** /reinitialiser-mot-de-passe?jeton=…: a new password; every other session of the account ends. */
export function ResetPassword() {
  const navigate = useNavigate();
  const { refresh } = useCitizenSession();
  const [search] = useSearchParams<{ jeton?: string }>();
  const form = createForm();

  function reset(event: SubmitEvent) {
    event.preventDefault();
    const data = new FormData(event.currentTarget as HTMLFormElement);
    const password = String(data.get('password') ?? '');
    if (password !== String(data.get('confirmation') ?? '')) {
      form.setProblem({
        title: 'Les deux mots de passe ne sont pas identiques.',
        errors: [{ field: 'confirmation', message: 'Saisissez le même mot de passe dans les deux champs.' }],
      });
      return;
    }
    void form.submit(
      () => api.auth['mot-de-passe'].reinitialisation.$post({ json: { token: search.jeton ?? '', password } }),
      async (response) => {
        const { redirect } = (await response.json()) as { redirect: string };
        refresh();
        navigate(redirect, { replace: true });
      },
    );
  }

  return (
    <PortalPage title="Choisir un nouveau mot de passe">
      <form onSubmit={reset} class="form card" novalidate>
        <p>Par sécurité, vous serez déconnecté de tous les autres appareils où votre compte est ouvert.</p>
        <FormProblem form={form} fields={fields} />
        <TextField
          id={fields.password}
          name="password"
          type="password"
          autocomplete="new-password"
          label="Nouveau mot de passe"
          hint="Au moins 12 caractères."
          error={form.fieldError('password')}
        />
        <TextField
          id={fields.confirmation}
          name="confirmation"
          type="password"
          autocomplete="new-password"
          label="Confirmation du nouveau mot de passe"
          error={form.fieldError('confirmation')}
        />
        <button type="submit" class="button" disabled={form.busy()}>
          Enregistrer le mot de passe
        </button>
      </form>
      <p>
        Lien expiré ? <a href="/mot-de-passe-oublie">Demander un nouveau lien</a>
      </p>
    </PortalPage>
  );
}
