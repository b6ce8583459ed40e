import { For } from 'solid-js';
import type { EpciProfile } from '../api.ts';
import { ofCommune } from '@guichet/tenants/commune-name';
import { EpciPage } from './epci-page.tsx';

/** The EPCI site's home: its member communes' portals, its results, and the console's door. */
export function EpciConsole(props: { epci: EpciProfile }) {
  const epci = () => props.epci;
  return (
    <EpciPage epci={epci()} title="Communes membres">
      <p>
        Administrateurs de l’intercommunalité : <a href="/console/connexion">se connecter à la console</a> pour gérer les communes membres, leurs agents, les modèles de démarches et les statistiques.
      </p>
      <p>
        <a href="/qualite">Qualité du service</a> : les résultats que l’intercommunalité publie pour l’ensemble de ses communes.
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
    </EpciPage>
  );
}
