export function UnknownSite() {
  return (
    <main id="contenu" class="wrap">
      <h1>Adresse inconnue</h1>
      <p>Cette adresse ne correspond à aucune commune de la plateforme. Vérifiez l'adresse saisie.</p>
    </main>
  );
}
