import { createEffect, lazy, Show, type JSX } from 'solid-js';
import type { CommuneProfile } from '../../api.ts';
import { SiteHeader } from '../../components/site-header.tsx';
import { useSite } from '../../site-context.tsx';
import { SiteFooter } from '../../components/site-footer.tsx';

// Off a commune's portal only: the portal's pages do not carry it at first load.
const PageNotFound = lazy(() => import('../page-not-found.tsx').then((module) => ({ default: module.PageNotFound })));

/**
 * The frame of the catalogue's pages on a commune's portal: brand, skip link, a page title that
 * names the page first (RGAA 8.6), the content and the commune's footer. Elsewhere (an EPCI
 * console) the pages do not exist, and the server answers them with 404.
 */
export function PortalFrame(props: { title: string; children: (commune: CommuneProfile) => JSX.Element }) {
  const site = useSite();
  const commune = () => {
    const current = site();
    return current.kind === 'commune' ? current.commune : undefined;
  };
  createEffect(() => {
    const current = commune();
    if (current) document.title = `${props.title} – Portail citoyen – ${current.name}`;
  });
  return (
    <Show when={commune()} fallback={<PageNotFound />}>
      {(current) => (
        <>
          <a class="skip-link" href="#contenu">Aller au contenu</a>
          <SiteHeader name={current().name} tagline={current().branding.tagline} logoUrl={current().branding.logoUrl} />
          <main id="contenu" class="wrap" tabindex="-1">
            {props.children(current())}
          </main>
          <SiteFooter commune={current()} />
        </>
      )}
    </Show>
  );
}
