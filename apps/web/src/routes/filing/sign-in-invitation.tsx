/**
 * A procedure that needs an account, and a citizen signed out: an invitation to sign in (by
 * FranceConnect or password) that brings them back to this very form, not to their account.
 */
export function SignInInvitation(props: { returnTo: string }) {
  return (
    <section class="card" aria-labelledby="connexion-requise-titre">
      <h2 id="connexion-requise-titre">Connectez-vous pour faire cette demande</h2>
      <p>
        Cette démarche se fait avec un compte : la mairie vous répond dans votre espace, où vous suivez votre demande jusqu’à la
        réponse. Avec FranceConnect, votre identité est déjà vérifiée.
      </p>
      <p class="actions">
        <a class="button" href={`/connexion?retour=${encodeURIComponent(props.returnTo)}`}>
          Se connecter
        </a>
        <a class="button button--secondary" href="/inscription">
          Créer un compte
        </a>
      </p>
      <p class="hint">Une fois connecté, vous revenez sur ce formulaire.</p>
    </section>
  );
}
