import { useNavigate } from '@solidjs/router';
import { createResource, createSignal, For, Match, Show, Switch } from 'solid-js';
import { fileSize, formatLabel } from '@guichet/forms/rendering';
import { api, type VaultDocument } from '../../api.ts';
import { isoDayInWords } from '../../components/forms/french-dates.ts';
import { LoadFailure, problemOf, ProblemMessage, type ProblemView } from '../../components/problem-message.tsx';
import { useCommune } from '../../site-context.tsx';
import { SuccessNotice } from '../citizen/form-fields.tsx';
import { PortalPage } from '../citizen/portal-page.tsx';
import { AddDocumentForm } from './add-document-form.tsx';

/**
 * /coffre-fort: the citizen's documents, kept once for every commune of the EPCI and joined to a
 * request from its file fields: add, see which expire, download, delete.
 */
export function VaultPage() {
  const navigate = useNavigate();
  const commune = useCommune();
  const [news, setNews] = createSignal<string>();
  const [documents, { refetch }] = createResource(async () => {
    const response = await api['coffre-fort'].$get();
    if (response.status === 401) {
      navigate(`/connexion?retour=${encodeURIComponent('/coffre-fort')}`, { replace: true });
      return undefined;
    }
    if (!response.ok) throw new Error(`vault ${response.status}`);
    return (await response.json()).documents;
  });
  let documentsHeading: HTMLHeadingElement | undefined;
  const changed = (message: string) => {
    setNews(message);
    void refetch();
  };
  // A deleted document's line disappears: the focus goes to the list's title rather than nowhere.
  const deleted = (title: string) => {
    changed(`« ${title} » est supprimé.`);
    documentsHeading?.focus();
  };
  return (
    <PortalPage title="Mon coffre-fort">
      <p class="lead">
        Gardez ici vos justificatifs : vous les joignez ensuite à vos demandes sans les déposer à nouveau, dans toutes les communes de la{' '}
        {commune().epci.name}.
      </p>
      <Show when={news()}>
        <SuccessNotice>
          <p>{news()}</p>
        </SuccessNotice>
      </Show>
      <AddDocumentForm onAdded={(title) => changed(`« ${title} » est dans votre coffre-fort.`)} />
      <section aria-labelledby="documents-titre">
        <h2 id="documents-titre" tabindex="-1" ref={documentsHeading}>
          Mes documents
        </h2>
        <Switch fallback={<p role="status">Chargement de vos documents…</p>}>
          <Match when={documents.error}>
            <LoadFailure what="La liste de vos documents" retry={() => void refetch()} />
          </Match>
          <Match when={documents.latest?.length === 0}>
            <p>Votre coffre-fort est vide.</p>
          </Match>
          <Match when={documents.latest}>
            {(list) => (
              <ul class="vault-list">
                <For each={list()}>{(document) => <VaultLine document={document} onDeleted={() => deleted(document.title)} />}</For>
              </ul>
            )}
          </Match>
        </Switch>
      </section>
    </PortalPage>
  );
}

const expiryTone: Record<string, string> = { valid: 'closed', expiring_soon: 'waiting', expired: 'expired' };

/** One document; deleting asks once more, in the page rather than in a browser dialog. */
function VaultLine(props: { document: VaultDocument; onDeleted: () => void }) {
  const [confirming, setConfirming] = createSignal(false);
  let deleteButton: HTMLButtonElement | undefined;
  // The focus follows the question: to "Oui, supprimer" when it opens, back to "Supprimer" when cancelled.
  const ask = () => setConfirming(true);
  const cancel = () => {
    setConfirming(false);
    queueMicrotask(() => deleteButton?.focus());
  };
  const [problem, setProblem] = createSignal<ProblemView>();
  const document = () => props.document;
  async function remove() {
    const response = await api['coffre-fort'][':id'].$delete({ param: { id: document().id } });
    if (response.ok) return props.onDeleted();
    setProblem(await problemOf(response));
  }
  return (
    <li class="vault-document">
      <h3 class="vault-document__title">{document().title}</h3>
      <p>
        <span class={`status-badge status-badge--${expiryTone[document().expiry.state] ?? 'open'}`}>{document().expiry.label}</span>{' '}
        <Show when={document().expiresOn}>{(day) => <span>jusqu’au {isoDayInWords(day())}</span>}</Show>
      </p>
      <p class="hint">
        {document().filename} ({formatLabel(document().mediaType)}, {fileSize(document().size)})
      </p>
      <ProblemMessage problem={problem()} />
      <Show
        when={confirming()}
        fallback={
          <p class="actions">
            <a class="button button--secondary button--small" href={`/api/coffre-fort/${document().id}`} download={document().filename}>
              Télécharger<span class="visually-hidden"> « {document().title} »</span>
            </a>
            <button type="button" class="button button--danger button--small" ref={deleteButton} onClick={ask}>
              Supprimer<span class="visually-hidden"> « {document().title} »</span>
            </button>
          </p>
        }
      >
        <div class="notice notice--warning" role="alert">
          <p>Supprimer définitivement « {document().title} » ? Les copies déjà jointes à vos demandes restent à la mairie.</p>
          <p class="actions">
            <button type="button" class="button button--danger button--small" ref={(element) => queueMicrotask(() => element.focus())} onClick={() => void remove()}>
              Oui, supprimer
            </button>
            <button type="button" class="button button--secondary button--small" onClick={cancel}>
              Annuler
            </button>
          </p>
        </div>
      </Show>
    </li>
  );
}
