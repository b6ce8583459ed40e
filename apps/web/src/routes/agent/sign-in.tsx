import { useNavigate, useSearchParams } from '@solidjs/router';
import { createResource, createSignal, Match, Show, Switch } from 'solid-js';
import { api } from '../../api.ts';
import { SecondFactorStep } from '../../components/second-factor-step.tsx';
import { StaffPage } from '../../components/staff-page.tsx';
import { PasswordForm } from './staff-sign-in-form.tsx';

/** What the provider callback's `?erreur=` means, in the agent's words. */
const providerErrors: Record<string, string> = {
  cancelled: 'La connexion avec le fournisseur d’identité a été annulée.',
  unavailable: 'Le fournisseur d’identité est momentanément indisponible. Réessayez ou utilisez votre mot de passe.',
  refused: 'Le fournisseur d’identité a refusé la demande. Prévenez l’administrateur de la commune.',
  expired: 'La demande de connexion a expiré ou a déjà servi. Recommencez la connexion.',
  verification_failed: 'La réponse du fournisseur d’identité n’a pas pu être vérifiée. Recommencez la connexion.',
  unknown_agent: 'Aucun compte agent de la commune ne correspond à cette identité. Demandez une invitation à l’administrateur de la commune.',
};

export const agentSecondFactor = {
  enrol: () => api.agent.auth.totp.inscription.$post(),
  activate: (code: string) => api.agent.auth.totp.activation.$post({ json: { code } }),
  verify: (code: string) => api.agent.auth.totp.verification.$post({ json: { code } }),
};

type Step = { kind: 'password' } | { kind: 'second_factor'; enrolled: boolean };

/** /agent/connexion: password then TOTP, or the commune's identity provider. */
export function AgentSignIn() {
  const navigate = useNavigate();
  const [search] = useSearchParams<{ erreur?: string }>();
  const [step, setStep] = createSignal<Step>();
  const [options] = createResource(async () => {
    const response = await api.agent.auth.options.$get();
    return response.ok ? response.json() : undefined;
  });
  // Where a sign-in already stands (a provider sign-in that still needs the code, a reload mid-way).
  void (async () => {
    const response = await api.agent.auth.session.$get();
    if (!response.ok) return setStep({ kind: 'password' });
    const session = await response.json();
    if (session.stage === 'signed_in') return navigate('/agent', { replace: true });
    setStep({ kind: 'second_factor', enrolled: session.enrolled });
  })();

  return (
    <StaffPage title="Connexion à l’espace agents" tagline="Espace agents">
      <Show when={search.erreur && providerErrors[search.erreur]}>
        {(message) => (
          <div class="notice notice--error" role="alert">
            <p>{message()}</p>
          </div>
        )}
      </Show>
      <Switch fallback={<p role="status">Chargement…</p>}>
        <Match when={step()?.kind === 'password'}>
          <div class="sign-in-choices">
            <PasswordForm
              signIn={(email, password) => api.agent.auth.connexion.$post({ json: { email, password } })}
              onAccepted={(next) => setStep({ kind: 'second_factor', enrolled: next === 'totp_verification' })}
            />
            <Show when={options()?.provider}>
              {(provider) => (
                <section class="card" aria-labelledby="fournisseur-titre">
                  <h2 id="fournisseur-titre">Avec votre compte professionnel</h2>
                  <p>Votre commune vous permet aussi de vous connecter avec {provider().label}.</p>
                  <a class="button button--secondary" href="/api/agent/auth/fournisseur/connexion" rel="external">
                    Se connecter avec {provider().label}
                  </a>
                </section>
              )}
            </Show>
          </div>
        </Match>
        <Match when={step()?.kind === 'second_factor' && step()}>
          {(current) => (
            <SecondFactorStep
              api={agentSecondFactor}
              enrolled={(current() as Extract<Step, { kind: 'second_factor' }>).enrolled}
              onSignedIn={() => navigate('/agent', { replace: true })}
            />
          )}
        </Match>
      </Switch>
    </StaffPage>
  );
}
