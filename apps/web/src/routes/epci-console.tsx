import { For } from 'solid-js';
import type { EpciProfile } from '../api.ts';
import { SiteHeader } from '../components/site-header.tsx';
import { ofCommune } from '@guichet/tenants/commune-name';

export function EpciConsole(props: { epci: EpciProfile }) {
  const epci = () => props.epci;
  return (
    <>
      <a class="skip-link" href="#contenu">Aller au contenu</a>
      <SiteHeader name={epci().name} tagline={epci().branding.tagline} logoUrl={epci().branding.logoUrl} />
      <main id="contenu" class="wrap" tabindex="-1">
        <h1>Communes membres</h1>
        <p>
          Administrateurs de l’intercommunalité : <a href="/console/connexion">se connecter à la console</a> pour gérer les agents des communes.
        </p>
        <ul class="commune-grid">
          <For each={epci().communes}>
            {(commune) => (
              <li class="card">
                <h2>{commune.name}</h2>
                <p>Code INSEE {commune.inseeCode}</p>
                <a href={commune.portalUrl}>Ouvrir le portail citoyen {ofCommune(commune.name)}</a>
              </li>
            )}
          </For>
        </ul>
      </main>
    </>
  );
}
