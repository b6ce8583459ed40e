import { createResource, Show } from 'solid-js';
import { api } from '../../api.ts';

/**
 * The French message for an `?erreur=` code a redirect brought back (a FranceConnect refusal,
 * a link that could not be made), as the server words it. Announced when it appears.
 */
export function RedirectError(props: { code: string | undefined }) {
  const [message] = createResource(
    () => props.code,
    async (code) => {
      const response = await api.auth.erreurs[':code'].$get({ param: { code } });
      return response.ok ? (await response.json()).message : undefined;
    },
  );
  return (
    <Show when={message()}>
      {(text) => (
        <div class="notice notice--error" role="alert">
          <p>{text()}</p>
        </div>
      )}
    </Show>
  );
}
