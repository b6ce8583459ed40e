import { createEffect, Show, type JSX } from 'solid-js';
import { useSite } from '../site-context.tsx';
import { SiteHeader } from './site-header.tsx';

/** The frame of back-office and console pages: the site's brand, a title, the content. */
export function StaffPage(props: { title: string; tagline: string; nav?: JSX.Element; children: JSX.Element }) {
  const site = useSite();
  const brand = () => {
    const current = site();
    if (current.kind === 'commune') return { name: current.commune.name, logoUrl: current.commune.branding.logoUrl };
    if (current.kind === 'epci') return { name: current.epci.name, logoUrl: current.epci.branding.logoUrl };
    return { name: 'Guichet', logoUrl: '/favicon.svg' };
  };
  // The tab says where one is: the page, the back office or console, the commune (never "Portail citoyen").
  createEffect(() => {
    document.title = `${props.title} – ${props.tagline} – ${brand().name}`;
  });
  return (
    <>
      <a class="skip-link" href="#contenu">Aller au contenu</a>
      <SiteHeader name={brand().name} tagline={props.tagline} logoUrl={brand().logoUrl}>
        <Show when={props.nav}>
          <nav aria-label="Espace agents" class="staff-nav">{props.nav}</nav>
        </Show>
      </SiteHeader>
      <main id="contenu" class="wrap" tabindex="-1">
        <h1>{props.title}</h1>
        {props.children}
      </main>
    </>
  );
}
