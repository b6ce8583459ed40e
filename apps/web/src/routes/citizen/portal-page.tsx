import { createEffect, onMount, type JSX } from 'solid-js';
import { SiteHeader } from '../../components/site-header.tsx';
import { useCommune } from '../../site-context.tsx';
import { SiteFooter } from '../../components/site-footer.tsx';

/**
 * The frame of the citizen's pages: the commune's header (with its "Se connecter" / "Mon
 * compte" link), the page title, the content. Focus goes to the title when the page opens,
 * so that a screen reader announces where a navigation led (RGAA 12.9 / 12.10); the title follows
 * what the page loads.
 */
export function PortalPage(props: { title: string; children: JSX.Element }) {
  const commune = useCommune();
  let heading!: HTMLHeadingElement;
  createEffect(() => {
    document.title = `${props.title} – Portail citoyen – ${commune().name}`;
  });
  onMount(() => heading.focus());
  return (
    <>
      <a class="skip-link" href="#contenu">Aller au contenu</a>
      <SiteHeader name={commune().name} tagline={commune().branding.tagline} logoUrl={commune().branding.logoUrl} />
      <main id="contenu" class="wrap citizen-page">
        <h1 tabindex="-1" ref={heading}>
          {props.title}
        </h1>
        {props.children}
      </main>
      <SiteFooter commune={commune()} />
    </>
  );
}
