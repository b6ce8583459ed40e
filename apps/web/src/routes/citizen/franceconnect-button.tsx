/**
 * FranceConnect's button as its guidelines describe it (dark blue, "S'identifier avec" over a
 * bold "FranceConnect", and the "Qu'est-ce que FranceConnect ?" link under it), drawn without
 * the official image files. A link, since it leaves for FranceConnect; a button when the
 * page must first ask the portal where to go (linking from the account page).
 */
export function FranceConnectButton(props: { href?: string; onClick?: () => void; disabled?: boolean }) {
  const label = (
    <>
      <span class="franceconnect-button__intro">S’identifier avec</span>{' '}
      <span class="franceconnect-button__brand">FranceConnect</span>
    </>
  );
  return (
    <div class="franceconnect">
      {props.href ? (
        // rel="external": a full navigation to the API, which the client-side router must not intercept.
        <a class="franceconnect-button" href={props.href} rel="external">
          {label}
        </a>
      ) : (
        <button type="button" class="franceconnect-button" onClick={() => props.onClick?.()} disabled={props.disabled}>
          {label}
        </button>
      )}
      <p>
        <a href="https://franceconnect.gouv.fr/" target="_blank" rel="noopener" title="Qu’est-ce que FranceConnect ? – nouvelle fenêtre">
          Qu’est-ce que FranceConnect ?
        </a>
      </p>
    </div>
  );
}
