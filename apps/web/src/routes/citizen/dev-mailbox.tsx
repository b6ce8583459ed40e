import { createResource, For, onMount, Show } from 'solid-js';
import { api, type CapturedMail } from '../../api.ts';
import { SiteHeader } from '../../components/site-header.tsx';
import { useSite } from '../../site-context.tsx';

/**
 * /dev/courriels: the mail the local SMTP capture received (development only), so that a
 * newcomer can follow a confirmation link without a mail server. Links open the portal.
 */
export function DevMailbox() {
  const site = useSite();
  const [mailbox, { refetch }] = createResource(async () => {
    const response = await api.dev.courriels.$get();
    return response.ok ? (await response.json()).messages : null;
  });
  const brand = () => {
    const current = site();
    if (current.kind === 'commune') return { name: current.commune.name, logoUrl: current.commune.branding.logoUrl };
    if (current.kind === 'epci') return { name: current.epci.name, logoUrl: current.epci.branding.logoUrl };
    return { name: 'Guichet', logoUrl: '/favicon.svg' };
  };
  let heading!: HTMLHeadingElement;
  onMount(() => {
    document.title = 'Courriels envoyés (développement)';
    heading.focus();
  });

  return (
    <>
      <a class="skip-link" href="#contenu">Aller au contenu</a>
      <SiteHeader name={brand().name} tagline="Outil de développement" logoUrl={brand().logoUrl} />
      <main id="contenu" class="wrap">
        <h1 tabindex="-1" ref={heading}>
          Courriels envoyés
        </h1>
        <p class="lead">
          En développement, les courriels ne partent pas : un serveur SMTP local les garde ici, du plus récent au plus ancien. Cette page n’existe pas
          en production.
        </p>
        <p>
          <button type="button" class="button button--secondary" onClick={() => void refetch()}>
            Actualiser
          </button>
        </p>
        <Show when={mailbox() !== undefined} fallback={<p role="status">Chargement…</p>}>
          <Show when={mailbox()} fallback={<p>Aucune capture de courriels : le serveur envoie par SMTP_URL.</p>}>
            {(messages) => (
              <Show when={messages().length > 0} fallback={<p>Aucun courriel pour le moment.</p>}>
                <For each={messages()}>{(mail) => <MailCard mail={mail} />}</For>
              </Show>
            )}
          </Show>
        </Show>
      </main>
    </>
  );
}

function MailCard(props: { mail: CapturedMail }) {
  const links = () => [...new Set(props.mail.text.match(/https?:\/\/[^\s<>"]+/g) ?? [])];
  const received = () => new Intl.DateTimeFormat('fr-FR', { dateStyle: 'short', timeStyle: 'medium' }).format(new Date(props.mail.receivedAt));
  return (
    <article class="card mail-card" aria-labelledby={`courriel-${props.mail.id}`}>
      <h2 id={`courriel-${props.mail.id}`}>{props.mail.subject}</h2>
      <p class="hint">
        À {props.mail.to.join(', ')} · reçu le {received()}
      </p>
      <Show when={links().length > 0}>
        <ul>
          <For each={links()}>
            {(link) => (
              <li>
                <a href={link}>{link}</a>
              </li>
            )}
          </For>
        </ul>
      </Show>
      <details>
        <summary>Texte du courriel</summary>
        <pre class="mail-text">{props.mail.text}</pre>
      </details>
      <Show when={props.mail.html}>
        <details>
          <summary>Version HTML</summary>
          {/* Sandboxed: a mail's HTML runs nothing and reaches nothing of the portal. */}
          <iframe class="mail-html" title={`Version HTML : ${props.mail.subject}`} sandbox="" srcdoc={props.mail.html} />
        </details>
      </Show>
    </article>
  );
}
