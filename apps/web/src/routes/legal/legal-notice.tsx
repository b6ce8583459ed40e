import { useCommune } from '../../site-context.tsx';
import { PortalPage } from '../citizen/portal-page.tsx';
import { MairieContact } from './mairie-contact.tsx';
import { ofCommune } from '@guichet/tenants/commune-name';

/** /mentions-legales: who publishes the portal and who hosts it. */
export function LegalNotice() {
  const commune = useCommune();
  return (
    <PortalPage title="Mentions légales">
      <section class="card" aria-labelledby="editeur-titre">
        <h2 id="editeur-titre">Éditeur</h2>
        <p>Le portail citoyen est édité par la mairie {ofCommune(commune().name)} :</p>
        <MairieContact commune={commune()} />
        <p>Directeur de la publication : le maire {ofCommune(commune().name)}.</p>
      </section>
      <section class="card" aria-labelledby="hebergement-titre">
        <h2 id="hebergement-titre">Plateforme et hébergement</h2>
        <p>
          La plateforme Guichet, qui porte les portails citoyens de ses communes membres, est exploitée par la {commune().epci.name}. Chaque commune
          n’accède qu’à ses propres données.
        </p>
      </section>
      <section class="card" aria-labelledby="contenus-titre">
        <h2 id="contenus-titre">Contenus et liens</h2>
        <p>
          Les textes du portail peuvent être réutilisés en citant la source. Les logos et armoiries de la commune restent sa propriété. Les liens vers
          d’autres sites n’engagent pas la mairie quant à leur contenu.
        </p>
      </section>
      <p>
        Voir aussi : <a href="/donnees-personnelles">Données personnelles</a> · <a href="/accessibilite">Déclaration d’accessibilité</a>
      </p>
    </PortalPage>
  );
}
