import { createSignal, Show } from 'solid-js';
import { LOGO_MAX_BYTES, LOGO_TOO_HEAVY } from '@guichet/tenants/presentation';
import { api } from '../../api.ts';
import { readProblem } from '../citizen/form-fields.tsx';

/**
 * The commune's logo, sent as soon as it is chosen, as a request's files are: the server reads its
 * format in the bytes and cleans an SVG, then answers where the logo it kept is served, which the
 * previews show. A refusal is said beside the field, in the server's words.
 */
export function LogoField(props: { logoUrl: string; onReplaced: (logoUrl: string) => void }) {
  const [error, setError] = createSignal<string>();
  const [announcement, setAnnouncement] = createSignal<{ text: string; ok: boolean }>();

  function refuse(message: string) {
    setError(message);
    setAnnouncement({ text: `Le logo n’est pas remplacé. ${message}`, ok: false });
  }

  async function send(input: HTMLInputElement) {
    const file = input.files?.[0];
    if (!file) return;
    setError(undefined);
    setAnnouncement({ text: `Envoi de « ${file.name} »…`, ok: false });
    // Refused here rather than cut off by the server mid-way, which a browser reports as a lost connection.
    if (file.size > LOGO_MAX_BYTES) return refuse(LOGO_TOO_HEAVY);
    const body = new FormData();
    body.append('file', file, file.name);
    try {
      const response = await api.agent.administration.commune.logo.$put(undefined, { init: { body } });
      if (!response.ok) {
        const problem = await readProblem(response);
        return refuse(problem.errors?.find((entry) => entry.field === 'file')?.message ?? [problem.title, problem.detail].filter(Boolean).join(' '));
      }
      props.onReplaced((await response.json()).logoUrl);
      setAnnouncement({ text: 'Logo enregistré : le portail l’affiche désormais.', ok: true });
    } catch {
      refuse('Le portail ne répond pas. Vérifiez votre connexion à Internet, puis réessayez.');
    } finally {
      input.value = '';
    }
  }

  return (
    <div class="field" classList={{ 'field--invalid': Boolean(error()) }}>
      <label for="presentation-logo">Logo (SVG ou PNG, 200 ko au plus)</label>
      <p id="presentation-logo-aide" class="hint">
        Enregistré dès qu’il est choisi. Un SVG est nettoyé de ses scripts et de ses liens vers d’autres fichiers.
      </p>
      <div class="logo-current">
        <img src={props.logoUrl} alt="Logo actuel de la commune" width="56" height="56" />
      </div>
      <Show when={error()}>
        <p id="presentation-logo-erreur" class="field-error">
          {error()}
        </p>
      </Show>
      <input
        id="presentation-logo"
        type="file"
        accept="image/svg+xml,image/png,.svg,.png"
        aria-invalid={error() ? 'true' : undefined}
        aria-describedby={error() ? 'presentation-logo-aide presentation-logo-erreur' : 'presentation-logo-aide'}
        onChange={(event) => void send(event.currentTarget)}
      />
      <p role="status" class={announcement()?.ok ? 'notice notice--success' : 'visually-hidden'}>
        {announcement()?.text}
      </p>
    </div>
  );
}
