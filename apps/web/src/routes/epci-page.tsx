import { createEffect, onMount, type JSX } from 'solid-js';
import type { EpciProfile } from '../api.ts';
import { SiteHeader } from '../components/site-header.tsx';

/**
 * The frame of the EPCI site's public pages: its header, the page title (focused when the page
 * opens, as a portal page's is), the content.
 */
export function EpciPage(props: { epci: EpciProfile; title: string; children: JSX.Element }) {
  let heading!: HTMLHeadingElement;
  createEffect(() => {
    document.title = `${props.title} – ${props.epci.name}`;
  });
  onMount(() => heading.focus());
  return (
    <>
      <a class="skip-link" href="#contenu">Aller au contenu</a>
      <SiteHeader name={props.epci.name} tagline={props.epci.branding.tagline} logoUrl={props.epci.branding.logoUrl} />
      <main id="contenu" class="wrap">
        <h1 tabindex="-1" ref={heading}>
          {props.title}
        </h1>
        {props.children}
      </main>
    </>
  );
}
