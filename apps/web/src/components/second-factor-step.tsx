import QRCode from 'qrcode';
import { createResource, createSignal, Show } from 'solid-js';
import { ProblemMessage, problemOf, type ProblemView } from './problem-message.tsx';

/** The second-factor endpoints, the same for agents (/api/agent/auth) and EPCI staff (/api/console/auth). */
export type SecondFactorApi = {
  enrol: () => Promise<Response>;
  activate: (code: string) => Promise<Response>;
  verify: (code: string) => Promise<Response>;
};

/**
 * The TOTP step of a sign-in: either enrolment (a QR code and the secret to type, then a first
 * code) or the code of an app already enrolled.
 */
export function SecondFactorStep(props: { api: SecondFactorApi; enrolled: boolean; onSignedIn: () => void }) {
  const [problem, setProblem] = createSignal<ProblemView>();
  const [busy, setBusy] = createSignal(false);
  const [enrolment] = createResource(
    () => !props.enrolled,
    async () => {
      const response = await props.api.enrol();
      if (!response.ok) {
        setProblem(await problemOf(response));
        return undefined;
      }
      const { secret, uri } = (await response.json()) as { secret: string; uri: string };
      const svg = await QRCode.toString(uri, { type: 'svg', margin: 2, errorCorrectionLevel: 'M' });
      return { secret, qr: `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}` };
    },
  );

  async function submit(event: SubmitEvent) {
    event.preventDefault();
    const code = String(new FormData(event.currentTarget as HTMLFormElement).get('code') ?? '').replace(/\s/g, '');
    setBusy(true);
    const response = props.enrolled ? await props.api.verify(code) : await props.api.activate(code);
    setBusy(false);
    if (response.ok) props.onSignedIn();
    else setProblem(await problemOf(response));
  }

  return (
    <section class="card" aria-labelledby="second-facteur-titre">
      <h2 id="second-facteur-titre">{props.enrolled ? 'Code de vérification' : 'Associez une application d’authentification'}</h2>
      <Show when={!props.enrolled}>
        <p>
          La connexion à l’espace agents demande un second facteur. Scannez ce QR code avec une application d’authentification (par exemple
          FreeOTP, Aegis, Microsoft ou Google Authenticator), puis saisissez le code à 6 chiffres qu’elle affiche.
        </p>
        <Show when={enrolment()}>
          {(ready) => (
            <div class="totp-enrolment">
              <img src={ready().qr} width="200" height="200" alt="QR code à scanner avec votre application d’authentification" />
              <p>
                Si vous ne pouvez pas scanner, saisissez cette clé dans l’application&nbsp;:
                <br />
                <code class="totp-secret" aria-label="Clé secrète">{ready().secret.match(/.{1,4}/g)?.join(' ')}</code>
              </p>
            </div>
          )}
        </Show>
      </Show>
      <ProblemMessage problem={problem()} />
      <form onSubmit={submit} class="form">
        <div class="field">
          <label for="code">Code à 6 chiffres</label>
          <input id="code" name="code" inputmode="numeric" autocomplete="one-time-code" pattern="[0-9 ]{6,7}" required maxlength="7" aria-describedby="code-aide" />
          <p id="code-aide" class="hint">Le code change toutes les 30 secondes.</p>
        </div>
        <button type="submit" class="button" disabled={busy()}>
          {props.enrolled ? 'Valider le code' : 'Activer et me connecter'}
        </button>
      </form>
    </section>
  );
}
