import { useCommune } from '../../site-context.tsx';
import { PortalPage } from '../citizen/portal-page.tsx';
import { MairieContact } from './mairie-contact.tsx';
import { ofCommune } from '@guichet/tenants/commune-name';

/**
 * /accessibilite: the accessibility statement the law asks of a public website (RGAA 4.1.2), in
 * its usual order. Without an audit, the portal must declare itself non-conforming: it says so,
 * and what has been checked meanwhile.
 */
export function AccessibilityStatement() {
  const commune = useCommune();
  return (
    <PortalPage title="Déclaration d’accessibilité">
      <p class="lead">
        La mairie {ofCommune(commune().name)} s’engage à rendre son portail citoyen accessible, conformément à l’article 47 de la loi n° 2005-102
        du 11 février 2005. Cette déclaration d’accessibilité s’applique au portail citoyen {ofCommune(commune().name)}.
      </p>
      <section class="card" aria-labelledby="etat-titre">
        <h2 id="etat-titre">État de conformité</h2>
        <p>
          Le portail citoyen est <strong>non conforme</strong> avec le référentiel général d’amélioration de l’accessibilité (RGAA), version 4.1.2 :
          il n’a pas encore fait l’objet d’un audit de conformité.
        </p>
      </section>
      <section class="card" aria-labelledby="resultats-titre">
        <h2 id="resultats-titre">Résultats des tests</h2>
        <p>
          En attendant l’audit, chaque page des parcours du portail (démarches, dépôt d’une demande, suivi, coffre-fort, compte) est vérifiée
          automatiquement à chaque version avec axe-core selon les règles WCAG 2.1 niveaux A et AA : aucune non-conformité détectée. Les parcours
          sont aussi vérifiés au clavier seul et à 360 pixels de large. Ces contrôles ne couvrent qu’une partie des critères du RGAA.
        </p>
      </section>
      <section class="card" aria-labelledby="non-accessibles-titre">
        <h2 id="non-accessibles-titre">Contenus non accessibles</h2>
        <ul>
          <li>Les documents joints par les usagers ou par la mairie (PDF, photos) ne sont pas vérifiés.</li>
          <li>La carte, lorsqu’elle sera proposée, restera facultative : l’adresse se saisit toujours sans elle.</li>
        </ul>
      </section>
      <section class="card" aria-labelledby="etablissement-titre">
        <h2 id="etablissement-titre">Établissement de cette déclaration</h2>
        <p>Cette déclaration a été établie le 1er décembre 2026.</p>
        <p>Technologies utilisées : HTML5, CSS, JavaScript, WAI-ARIA. Environnement de test : Chromium avec axe-core, navigation au clavier.</p>
      </section>
      <section class="card" aria-labelledby="retour-titre">
        <h2 id="retour-titre">Retour d’information et contact</h2>
        <p>Si vous n’arrivez pas à accéder à un contenu ou à un service, contactez la mairie : elle vous orientera vers une alternative accessible ou vous fournira le contenu sous une autre forme.</p>
        <MairieContact commune={commune()} />
      </section>
      <section class="card" aria-labelledby="recours-titre">
        <h2 id="recours-titre">Voies de recours</h2>
        <p>
          Si vous avez signalé un défaut d’accessibilité qui vous empêche d’accéder à un contenu ou à un service du portail et que vous n’avez pas
          obtenu de réponse satisfaisante, vous pouvez saisir le Défenseur des droits : par son formulaire en ligne, auprès de l’un de ses délégués
          dans votre région, ou par courrier (gratuit, sans timbre) : Défenseur des droits, Libre réponse 71120, 75342 Paris CEDEX 07.
        </p>
      </section>
    </PortalPage>
  );
}
