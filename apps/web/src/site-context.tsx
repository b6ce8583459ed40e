import { createContext, createResource, Match, Switch, useContext, type JSX, type Resource } from 'solid-js';
import { loadSite, type Site } from './api.ts';
import { applyBranding } from './components/branding.tsx';
import { UnknownSite } from './routes/unknown-site.tsx';

const SiteContext = createContext<Resource<Site>>();

/** Loads the site the Host designates once, paints its brand, and shares it with every page. */
export function SiteProvider(props: { children: JSX.Element }) {
  const [site] = createResource(loadSite);
  applyBranding(
    () => {
      const current = site();
      if (current?.kind === 'commune') return current.commune.branding;
      if (current?.kind === 'epci') return current.epci.branding;
      return { primaryColor: '#2b3a67', secondaryColor: '#eef1f8', textOnPrimary: '#ffffff' };
    },
    () => siteTitle(site()),
  );
  return (
    <SiteContext.Provider value={site}>
      <Switch fallback={<p class="wrap" role="status">Chargement…</p>}>
        <Match when={site()?.kind === 'unknown'}>
          <UnknownSite />
        </Match>
        <Match when={site()}>{props.children}</Match>
      </Switch>
    </SiteContext.Provider>
  );
}

/** The site's name in every page title, after the page's own. */
export function siteTitle(site: Site | undefined): string {
  if (site?.kind === 'commune') return `Portail citoyen – ${site.commune.name}`;
  if (site?.kind === 'epci') return `Console intercommunale – ${site.epci.name}`;
  return 'Guichet';
}

export function useSite(): () => Site {
  const site = useContext(SiteContext);
  if (!site) throw new Error('useSite outside SiteProvider');
  return () => site() ?? { kind: 'unknown' };
}

/** The commune of a portal page; pages under it only render on a commune's host. */
export function useCommune() {
  const site = useSite();
  return () => {
    const current = site();
    if (current.kind !== 'commune') throw new Error('a portal page rendered outside a commune');
    return current.commune;
  };
}
