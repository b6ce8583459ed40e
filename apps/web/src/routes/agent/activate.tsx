import { useNavigate, useSearchParams } from '@solidjs/router';
import { createResource, createSignal, Match, Switch } from 'solid-js';
import { api, type AgentInvitationView, type StaffSignInNext } from '../../api.ts';
import { ProblemMessage, problemOf, type ProblemView } from '../../components/problem-message.tsx';
import { SecondFactorStep } from '../../components/second-factor-step.tsx';
import { StaffPage } from '../../components/staff-page.tsx';
import { agentSecondFactor } from './sign-in.tsx';

/** /agent/activer?jeton=…: the invited agent chooses a password, then enrols TOTP. */
export function AgentActivation() {
  const navigate = useNavigate();
  const [search] = useSearchParams<{ jeton?: string }>();
  const token = () => search.jeton ?? '';
  const [invitation] = createResource(token, async (value) => {
    const response = await api.agent.auth.invitation.$post({ json: { token: value } });
    return response.ok ? { ok: true as const, ...((await response.json()) as AgentInvitationView) } : { ok: false as const, problem: await problemOf(response) };
  });
  const [problem, setProblem] = createSignal<ProblemView>();
  const [secondFactor, setSecondFactor] = createSignal<{ enrolled: boolean }>();

  async function submit(event: SubmitEvent) {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    const password = String(form.get('password') ?? '');
    if (password !== String(form.get('confirmation') ?? '')) {
      return setProblem({ title: 'Les deux mots de passe ne sont pas identiques.' });
    }
    const response = await api.agent.auth.activation.$post({ json: { token: token(), password } });
    if (!response.ok) return setProblem(await problemOf(response));
    const { next } = (await response.json()) as StaffSignInNext;
    setSecondFactor({ enrolled: next === 'totp_verification' });
  }

  return (
    <StaffPage title="Activer votre compte agent" tagline="Espace agents">
      <Switch fallback={<p role="status">Vérification du lien…</p>}>
        <Match when={secondFactor()}>
          {(current) => <SecondFactorStep api={agentSecondFactor} enrolled={current().enrolled} onSignedIn={() => navigate('/agent', { replace: true })} />}
        </Match>
        <Match when={invitation()?.ok === false && invitation()}>
          {(refused) => <ProblemMessage problem={(refused() as { problem: ProblemView }).problem} />}
        </Match>
        <Match when={invitation()?.ok && invitation()}>
          {(valid) => (
            <form onSubmit={submit} class="form card" aria-labelledby="activation-titre">
              <h2 id="activation-titre">Bienvenue, {(valid() as { displayName: string }).displayName}</h2>
              <p>
                Choisissez le mot de passe de votre compte <strong>{(valid() as { email: string }).email}</strong>. Il sera complété par un code
                d’application d’authentification à chaque connexion.
              </p>
              <ProblemMessage problem={problem()} />
              <div class="field">
                <label for="password">Mot de passe</label>
                <input id="password" name="password" type="password" autocomplete="new-password" minlength="12" maxlength="128" required aria-describedby="password-aide" />
                <p id="password-aide" class="hint">Au moins 12 caractères. Une phrase de plusieurs mots est facile à retenir et difficile à deviner.</p>
              </div>
              <div class="field">
                <label for="confirmation">Confirmez le mot de passe</label>
                <input id="confirmation" name="confirmation" type="password" autocomplete="new-password" minlength="12" maxlength="128" required />
              </div>
              <button type="submit" class="button">
                Enregistrer mon mot de passe
              </button>
            </form>
          )}
        </Match>
      </Switch>
    </StaffPage>
  );
}
