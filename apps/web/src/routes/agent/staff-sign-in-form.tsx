import { createSignal } from 'solid-js';
import { ProblemMessage, problemOf, type ProblemView } from '../../components/problem-message.tsx';

/** E-mail and password, the first step of every staff sign-in. */
export function PasswordForm(props: { signIn: (email: string, password: string) => Promise<Response>; onAccepted: (next: 'totp_enrolment' | 'totp_verification') => void }) {
  const [problem, setProblem] = createSignal<ProblemView>();
  const [busy, setBusy] = createSignal(false);

  async function submit(event: SubmitEvent) {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    setBusy(true);
    const response = await props.signIn(String(form.get('email') ?? ''), String(form.get('password') ?? ''));
    setBusy(false);
    if (!response.ok) return setProblem(await problemOf(response));
    const { next } = (await response.json()) as { next: 'totp_enrolment' | 'totp_verification' };
    props.onAccepted(next);
  }

  return (
    <form onSubmit={submit} class="form card" aria-labelledby="mot-de-passe-titre">
      <h2 id="mot-de-passe-titre">Avec votre mot de passe</h2>
      <ProblemMessage problem={problem()} />
      <div class="field">
        <label for="email">Adresse e-mail professionnelle</label>
        <input id="email" name="email" type="email" autocomplete="username" required />
      </div>
      <div class="field">
        <label for="password">Mot de passe</label>
        <input id="password" name="password" type="password" autocomplete="current-password" required />
      </div>
      <button type="submit" class="button" disabled={busy()}>
        Continuer
      </button>
    </form>
  );
}
