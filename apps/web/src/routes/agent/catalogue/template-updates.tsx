import { createResource, For, Show } from 'solid-js';
import { api } from '../../../api.ts';
import { createForm, FormProblem } from '../../citizen/form-fields.tsx';

/**
 * The démarches adopted from a template the EPCI changed since: what changed, field by field, and
 * the administrator's choice, to take it (the changed fields replace the commune's) or keep the
 * commune's version. Nothing changes until they choose.
 */
export function TemplateUpdates(props: { onAnswered: (news: string) => void }) {
  const [updates, { refetch }] = createResource(async () => {
    const response = await api.modeles['mises-a-jour'].$get();
    return response.ok ? (await response.json()).updates : [];
  });
  const form = createForm();
  function answer(slug: string, title: string, choix: 'prendre' | 'garder') {
    void form.submit(
      () => api.catalogue[':slug'].modele.$post({ param: { slug }, json: { choix } }),
      () => {
        void refetch();
        props.onAnswered(choix === 'prendre' ? `« ${title} » suit la nouvelle version de son modèle.` : `« ${title} » garde sa version.`);
      },
    );
  }
  return (
    <Show when={updates()?.length}>
      <section class="card" aria-labelledby="mises-a-jour-titre">
        <h2 id="mises-a-jour-titre">Mises à jour des modèles de l’intercommunalité</h2>
        <p>L’intercommunalité a modifié des modèles que la commune a adoptés. Vos démarches restent telles quelles tant que vous n’avez pas choisi.</p>
        <FormProblem form={form} fields={{}} />
        <For each={updates()}>
          {(update) => (
            <>
              <h3>{update.title}</h3>
              <div class="table-scroll">
                <table class="table">
                  <caption>
                    Ce qui a changé dans le modèle « {update.template} » (version {update.fromVersion} → {update.toVersion})
                  </caption>
                  <thead>
                    <tr>
                      <th scope="col">Élément</th>
                      <th scope="col">Avant</th>
                      <th scope="col">Après</th>
                    </tr>
                  </thead>
                  <tbody>
                    <For each={update.changes}>
                      {(change) => (
                        <tr>
                          <th scope="row">{change.label}</th>
                          <td>{change.before}</td>
                          <td>{change.after}</td>
                        </tr>
                      )}
                    </For>
                  </tbody>
                </table>
              </div>
              <p>
                <button type="button" class="button" disabled={form.busy()} onClick={() => answer(update.procedure, update.title, 'prendre')}>
                  Prendre la mise à jour<span class="visually-hidden"> de « {update.title} »</span>
                </button>{' '}
                <button type="button" class="button button--secondary" disabled={form.busy()} onClick={() => answer(update.procedure, update.title, 'garder')}>
                  Garder ma version<span class="visually-hidden"> de « {update.title} »</span>
                </button>
              </p>
            </>
          )}
        </For>
      </section>
    </Show>
  );
}
