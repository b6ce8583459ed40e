import { useCommune } from '../../site-context.tsx';
import { PortalPage } from '../citizen/portal-page.tsx';
import { MairieContact } from './mairie-contact.tsx';
import { ofCommune } from '@guichet/tenants/commune-name';

/**
 * /donnees-personnelles: what the portal processes, why, for how long, and how to exercise one's
 * rights (RGPD, articles 13 and 15 to 22). The durations are the platform's own rules.
 */
export function PrivacyNotice() {
  const commune = useCommune();
  return (
    <PortalPage title="Données personnelles">
      <section class="card" aria-labelledby="responsable-titre">
        <h2 id="responsable-titre">Qui traite vos données</h2>
        <p>
          La mairie {ofCommune(commune().name)} est responsable du traitement des demandes qui lui sont adressées. La {commune().epci.name} exploite
          la plateforme pour ses communes membres et gère le compte citoyen, commun à leurs portails ; une commune ne voit jamais les demandes faites
          à une autre.
        </p>
      </section>
      <section class="card" aria-labelledby="quoi-titre">
        <h2 id="quoi-titre">Ce qui est traité, et pourquoi</h2>
        <ul>
          <li>
            <strong>Vos demandes</strong> (réponses aux formulaires, adresse et position, pièces jointes, échanges avec la mairie, avis) : pour les
            instruire et vous répondre, dans le cadre de la mission de service public de la mairie (RGPD, article 6-1-e).
          </li>
          <li>
            <strong>Votre compte</strong> (adresse e-mail, mot de passe sous une forme irréversible, préférences de notification, identité transmise
            par FranceConnect si vous l’utilisez) : pour vous identifier et vous permettre de suivre vos demandes.
          </li>
          <li>
            <strong>Votre coffre-fort</strong> : les documents que vous y déposez, pour les joindre à vos demandes.
          </li>
          <li>
            <strong>La sécurité</strong> : les connexions et tentatives échouées sont journalisées sans votre adresse e-mail, pour protéger les
            comptes.
          </li>
        </ul>
      </section>
      <section class="card" aria-labelledby="duree-titre">
        <h2 id="duree-titre">Combien de temps</h2>
        <ul>
          <li>
            Une demande garde vos données personnelles pendant la durée de conservation de sa démarche après sa clôture (deux ans sauf mention
            contraire), puis elle est anonymisée ; ses pièces jointes sont alors supprimées.
          </li>
          <li>Votre compte et votre coffre-fort, jusqu’à ce que vous les supprimiez.</li>
          <li>Un brouillon non envoyé, 30 jours ; un fichier déposé mais jamais envoyé, un jour.</li>
          <li>Une session de connexion, 30 jours sans activité.</li>
        </ul>
      </section>
      <section class="card" aria-labelledby="droits-titre">
        <h2 id="droits-titre">Vos droits</h2>
        <p>
          Vous pouvez accéder à vos données, les faire rectifier ou effacer, en limiter le traitement ou vous y opposer (RGPD, articles 15 à 21).
          Depuis <a href="/mon-compte">Mon compte</a>, vous pouvez supprimer votre compte vous-même : vos demandes restent alors conservées par les
          mairies, sans lien avec un compte. Pour toute autre demande, écrivez à la mairie :
        </p>
        <MairieContact commune={commune()} />
        <p>
          Si vous estimez que vos droits ne sont pas respectés, vous pouvez adresser une réclamation à la Commission nationale de l’informatique et
          des libertés (CNIL).
        </p>
      </section>
    </PortalPage>
  );
}
