import type { DemoPerson } from './peer-people.ts';

/** HTML of the local peer, in French like the real federation's pages. */

export function signInPage(input: {
  title: string;
  clientName: string;
  people: readonly DemoPerson[];
  loginAction: string;
  abortAction: string;
}): string {
  const choices = input.people
    .map(
      (person) => `<li><button type="submit" name="person" value="${escape(person.key)}">
          <span class="name">${escape(person.label)}</span>
          <span class="detail">${escape(person.description)}</span>
        </button></li>`,
    )
    .join('\n');
  return page(
    `${input.title} — choisir une identité`,
    `<p class="demo" role="note">Serveur de démonstration : les identités proposées sont fictives.</p>
    <h1>${escape(input.title)}</h1>
    <p>Choisissez l'identité avec laquelle vous connecter à <strong>${escape(input.clientName)}</strong>.</p>
    <form id="connexion" method="post" action="${escape(input.loginAction)}">
      <ul>${choices}</ul>
    </form>
    <form id="annulation" method="post" action="${escape(input.abortAction)}">
      <button type="submit" class="secondary">Revenir sur le service sans me connecter</button>
    </form>`,
  );
}

/**
 * FranceConnect ends its session without asking; oidc-provider always renders a confirmation
 * form, so this page submits it at once with `logout=yes` (end the whole session).
 */
export function signOutPage(title: string, form: string): string {
  const confirmed = form.replace('</form>', '<input type="hidden" name="logout" value="yes"/></form>');
  return page(
    `${title} — déconnexion`,
    `<h1>${escape(title)}</h1>
    <p>Déconnexion en cours…</p>
    ${confirmed}
    <noscript><button type="submit" form="op.logoutForm">Continuer</button></noscript>
    <script>document.getElementById('op.logoutForm').submit();</script>`,
  );
}

export function signedOutPage(title: string): string {
  return page(`${title} — déconnexion`, `<h1>${escape(title)}</h1><p>Vous êtes déconnecté.</p>`);
}

export function errorPage(title: string, error: string, description: string | undefined): string {
  return page(
    `${title} — erreur`,
    `<h1>${escape(title)}</h1>
    <p>La demande n'a pas pu être traitée.</p>
    <p><code>${escape(error)}</code>${description ? ` : ${escape(description)}` : ''}</p>`,
  );
}

function page(title: string, body: string): string {
  return `<!DOCTYPE html>
<html lang="fr">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>${escape(title)}</title>
  <style>
    body { font-family: Marianne, Arial, sans-serif; margin: 2rem auto; max-width: 36rem; padding: 0 1rem; color: #161616; }
    .demo { background: #fff4d4; border-left: 4px solid #b34000; padding: .5rem 1rem; }
    ul { list-style: none; padding: 0; }
    button { display: block; width: 100%; text-align: left; margin: .5rem 0; padding: .75rem 1rem; font: inherit;
      background: #000091; color: #fff; border: 0; cursor: pointer; }
    button:focus-visible { outline: 3px solid #0a76f6; outline-offset: 2px; }
    button.secondary { background: #fff; color: #000091; border: 1px solid #000091; text-align: center; }
    .name { display: block; font-weight: bold; }
    .detail { display: block; font-size: .9em; }
  </style>
</head>
<body>
  <main>
    ${body}
  </main>
</body>
</html>`;
}

function escape(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}
