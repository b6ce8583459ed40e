import { createEffect, onMount, Show } from 'solid-js';
import { SiteHeader } from '../components/site-header.tsx';
import { siteTitle, useSite } from '../site-context.tsx';

/**
 * Any address that is no page of the web app (the server answers it with 404): says so, and
 * leads back to the home page and, on a commune's portal, to its démarches. Focus goes to the
 * title, so that a screen reader announces where a link led (RGAA 12.9).
 */
export function PageNotFound() {
  const site = useSite();
  const brand = () => {
    const current = site();
    if (current.kind === 'commune') return { name: current.commune.name, tagline: current.commune.branding.tagline, logoUrl: current.commune.branding.logoUrl };
    if (current.kind === 'epci') return { name: current.epci.name, tagline: current.epci.branding.tagline, logoUrl: current.epci.branding.logoUrl };
    return { name: 'Guichet', tagline: undefined, logoUrl: '/favicon.svg' };
  };
  let heading!: HTMLHeadingElement;
  createEffect(() => {
    document.title = `Page introuvable – ${siteTitle(site())}`;
  });
  onMount(() => heading.focus());
  return (
    <>
      <a class="skip-link" href="#contenu">Aller au contenu</a>
      <SiteHeader name={brand().name} tagline={brand().tagline} logoUrl={brand().logoUrl} />
      <main id="contenu" class="wrap">
        <h1 tabindex="-1" ref={heading}>
          Page introuvable
        </h1>
        <p class="lead">La page que vous cherchez n’existe pas ou n’existe plus.</p>
        <p>Si vous avez saisi l’adresse, vérifiez son orthographe. Si vous avez suivi un lien, il est peut-être ancien.</p>
        <ul>
          <li>
            <a href="/">Retour à l’accueil</a>
          </li>
          <Show when={site().kind === 'commune'}>
            <li>
              <a href="/demarches">Voir les démarches en ligne</a>
            </li>
          </Show>
        </ul>
      </main>
    </>
  );
}
