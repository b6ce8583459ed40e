import { createEffect, lazy, onMount, Show, type JSX } from 'solid-js';
import { SiteHeader } from '../../components/site-header.tsx';
import { useSite } from '../../site-context.tsx';
import type { CommuneProfile } from '../../api.ts';
import { SiteFooter } from '../../components/site-footer.tsx';

// Off a commune's portal only: the portal's pages do not carry it at first load.
const PageNotFound = lazy(() => import('../page-not-found.tsx').then((module) => ({ default: module.PageNotFound })));

/**
 * The frame of the citizen's pages: the commune's header (with its "Se connecter" / "Mon
 * compte" link), the page title, the content. Focus goes to the title when the page opens,
 * so that a screen reader announces where a navigation led (RGAA 12.9 / 12.10); the title follows
 * what the page loads.
 */
export function PortalPage(props: { title: string; children: JSX.Element }) {
  const site = useSite();
  // Off a commune's portal (an EPCI's console), a portal page does not exist: the server says 404 too.
  return (
    <Show when={site().kind === 'commune' && site()} keyed fallback={<PageNotFound />}>
      {(current) => current.kind === 'commune' && <CommunePage commune={current.commune} title={props.title} children={props.children} />}
    </Show>
  );
}

function CommunePage(props: { commune: CommuneProfile; title: string; children: JSX.Element }) {
  let heading!: HTMLHeadingElement;
  createEffect(() => {
    document.title = `${props.title} – Portail citoyen – ${props.commune.name}`;
  });
  onMount(() => heading.focus());
  return (
    <>
      <a class="skip-link" href="#contenu">Aller au contenu</a>
      <SiteHeader name={props.commune.name} tagline={props.commune.branding.tagline} logoUrl={props.commune.branding.logoUrl} />
      <main id="contenu" class="wrap citizen-page">
        <h1 tabindex="-1" ref={heading}>
          {props.title}
        </h1>
        {props.children}
      </main>
      <SiteFooter commune={props.commune} />
    </>
  );
}
