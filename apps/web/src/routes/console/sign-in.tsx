import { useNavigate } from '@solidjs/router';
import { createSignal, Match, Switch } from 'solid-js';
import { api } from '../../api.ts';
import { SecondFactorStep } from '../../components/second-factor-step.tsx';
import { StaffPage } from '../../components/staff-page.tsx';
import { PasswordForm } from '../agent/staff-sign-in-form.tsx';

const consoleSecondFactor = {
  enrol: () => api.console.auth.totp.inscription.$post(),
  activate: (code: string) => api.console.auth.totp.activation.$post({ json: { code } }),
  verify: (code: string) => api.console.auth.totp.verification.$post({ json: { code } }),
};

/** /console/connexion: EPCI administrators, password then TOTP. */
export function ConsoleSignIn() {
  const navigate = useNavigate();
  const [step, setStep] = createSignal<{ kind: 'password' } | { kind: 'second_factor'; enrolled: boolean }>();
  void (async () => {
    const response = await api.console.auth.session.$get();
    if (!response.ok) return setStep({ kind: 'password' });
    const session = await response.json();
    if (session.stage === 'signed_in') return navigate('/console', { replace: true });
    setStep({ kind: 'second_factor', enrolled: session.enrolled });
  })();
  return (
    <StaffPage title="Connexion à la console intercommunale" tagline="Console intercommunale">
      <Switch fallback={<p role="status">Chargement…</p>}>
        <Match when={step()?.kind === 'password'}>
          <PasswordForm
            signIn={(email, password) => api.console.auth.connexion.$post({ json: { email, password } })}
            onAccepted={(next) => setStep({ kind: 'second_factor', enrolled: next === 'totp_verification' })}
          />
        </Match>
        <Match when={step()?.kind === 'second_factor' && step()}>
          {(current) => (
            <SecondFactorStep
              api={consoleSecondFactor}
              enrolled={(current() as { enrolled: boolean }).enrolled}
              onSignedIn={() => navigate('/console', { replace: true })}
            />
          )}
        </Match>
      </Switch>
    </StaffPage>
  );
}
