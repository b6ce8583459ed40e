import { PortalPage } from './portal-page.tsx';
import { useCommune } from '../../site-context.tsx';

/** /conditions-utilisation: what a citizen accepts when creating an account. */
export function Terms() {
  const commune = useCommune();
  return (
    <PortalPage title="Conditions d’utilisation">
      <section class="card">
        <h2>Le compte citoyen</h2>
        <p>
          Le compte citoyen donne accès aux démarches en ligne de {commune().name} et des autres communes de la {commune().epci.name} : un seul compte
          sert sur tous leurs portails. Ce que vous faites auprès d’une commune n’est visible que d’elle.
        </p>
        <p>Vous vous engagez à fournir des informations exactes et à garder votre mot de passe pour vous.</p>
      </section>
      <section class="card">
        <h2>Vos données personnelles</h2>
        <p>
          Le compte conserve votre adresse e-mail, votre mot de passe (sous une forme qui ne permet pas de le retrouver), vos préférences de
          notification et, si vous utilisez FranceConnect, l’identité que FranceConnect transmet (noms, prénoms, date et lieu de naissance, sexe).
          Ces données servent uniquement à vous identifier et à traiter vos demandes.
        </p>
        <p>
          Vous pouvez à tout moment demander à y accéder, à les rectifier ou à les effacer (règlement général sur la protection des données, articles
          15 à 17) auprès de la mairie.
        </p>
      </section>
    </PortalPage>
  );
}
