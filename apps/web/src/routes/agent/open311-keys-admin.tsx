import { createResource, createSignal, For, Show } from 'solid-js';
import { api } from '../../api.ts';
import { StaffPage } from '../../components/staff-page.tsx';
import { createForm, FormProblem } from '../citizen/form-fields.tsx';
import { momentInWords } from '../requests/request-format.ts';
import { AgentNav } from './agent-nav.tsx';
import { useSignedInAgent } from './signed-in-agent.ts';

/**
 * /agent/administration/open311: the keys of the Open311 clients that file incident reports for
 * the commune: create one (shown once, to copy), see them all, revoke one.
 */
export function Open311KeysAdministration() {
  const me = useSignedInAgent();
  const form = createForm();
  const [keys, { refetch }] = createResource(async () => {
    const response = await api.open311.cles.$get();
    return response.ok ? (await response.json()).keys : [];
  });
  const [label, setLabel] = createSignal('');
  const [issued, setIssued] = createSignal<{ label: string; key: string }>();
  const [news, setNews] = createSignal('');

  function create(event: SubmitEvent) {
    event.preventDefault();
    setNews('');
    void form.submit(
      () => api.open311.cles.$post({ json: { label: label().trim() } }),
      async (response) => {
        const created = (await response.json()) as { label: string; key: string };
        setIssued(created);
        setLabel('');
        void refetch();
      },
    );
  }
  function revoke(key: { id: string; label: string }) {
    if (!confirm(`Révoquer la clé « ${key.label} » ? Ce client ne pourra plus déposer de demandes.`)) return;
    setIssued(undefined);
    void form.submit(
      () => api.open311.cles[':id'].$delete({ param: { id: key.id } }),
      () => {
        setNews(`Clé « ${key.label} » révoquée.`);
        void refetch();
      },
    );
  }
  return (
    <Show when={me()} fallback={<p class="wrap" role="status">Chargement…</p>}>
      <StaffPage title="Clés d’API Open311" tagline="Administration" nav={<AgentNav role="commune_admin" />}>
        <p>Une application de signalement (Open311 GeoReport v2) dépose des demandes pour la commune avec sa clé, passée en paramètre <code>api_key</code>.</p>
        <p role="status" class={news() ? 'notice notice--success' : 'visually-hidden'}>
          {news()}
        </p>
        <Show when={issued()}>
          {(fresh) => (
            <div class="notice notice--warning" role="status">
              <p>
                Clé de « {fresh().label} », à copier maintenant : elle ne sera plus jamais affichée.
              </p>
              <p>
                <label for="cle-emise">Clé</label> <input id="cle-emise" type="text" readOnly value={fresh().key} size={48} onFocus={(event) => event.currentTarget.select()} />
              </p>
            </div>
          )}
        </Show>
        <FormProblem form={form} fields={{ label: 'cle-libelle' }} />
        <form class="form form--inline" onSubmit={create} novalidate>
          <div class="field">
            <label for="cle-libelle">Client de la nouvelle clé</label>
            <input id="cle-libelle" type="text" value={label()} onInput={(event) => setLabel(event.currentTarget.value)} />
          </div>
          <button type="submit" class="button" disabled={form.busy()}>
            Créer la clé
          </button>
        </form>
        <Show when={(keys() ?? []).length > 0} fallback={<p>Aucune clé pour l’instant.</p>}>
          <div class="table-scroll">
            <table class="table">
              <caption>Les clés de la commune, les plus récentes d’abord</caption>
              <thead>
                <tr>
                  <th scope="col">Client</th>
                  <th scope="col">Créée</th>
                  <th scope="col">État</th>
                  <th scope="col">
                    <span class="visually-hidden">Action</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                <For each={keys()}>
                  {(key) => (
                    <tr>
                      <th scope="row">{key.label}</th>
                      <td>{momentInWords(key.createdAt)}</td>
                      <td>{key.revokedAt ? `Révoquée le ${momentInWords(key.revokedAt)}` : 'Active'}</td>
                      <td>
                        <Show when={!key.revokedAt}>
                          <button type="button" class="button button--small button--danger" onClick={() => revoke(key)}>
                            Révoquer<span class="visually-hidden"> la clé {key.label}</span>
                          </button>
                        </Show>
                      </td>
                    </tr>
                  )}
                </For>
              </tbody>
            </table>
          </div>
        </Show>
      </StaffPage>
    </Show>
  );
}
