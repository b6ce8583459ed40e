import type { CommuneProfile } from '../api.ts';
import { MairieContact } from '../routes/legal/mairie-contact.tsx';

/**
 * A commune portal's footer: who runs it, and the pages the law asks of a public website, on
 * every page (the accessibility statement's link says the conformity status, as the RGAA asks).
 */
export function SiteFooter(props: { commune: CommuneProfile }) {
  return (
    <footer class="site-footer" role="contentinfo">
      <div class="wrap">
        <p>
          {props.commune.name} (INSEE {props.commune.inseeCode}) · membre de la {props.commune.epci.name}
        </p>
        <MairieContact commune={props.commune} />
        <nav aria-label="Informations légales">
          <ul class="inline-list">
            <li>
              <a href="/accessibilite">Accessibilité : non conforme</a>
            </li>
            <li>
              <a href="/mentions-legales">Mentions légales</a>
            </li>
            <li>
              <a href="/donnees-personnelles">Données personnelles</a>
            </li>
            <li>
              <a href="/conditions-utilisation">Conditions d’utilisation</a>
            </li>
            <li>
              <a href="/qualite">Qualité du service</a>
            </li>
          </ul>
        </nav>
      </div>
    </footer>
  );
}
