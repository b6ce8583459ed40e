import { AccountDeletedNotice } from './account-deletion.tsx';
import { PortalPage } from './portal-page.tsx';

/** /compte-supprime: where the FranceConnect round trip of an account's deletion lands. */
export function AccountDeleted() {
  return (
    <PortalPage title="Compte supprimé">
      <AccountDeletedNotice />
    </PortalPage>
  );
}
