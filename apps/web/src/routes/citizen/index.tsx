import { Route } from '@solidjs/router';
import { Account } from './account.tsx';
import { ConfirmLink } from './confirm-link.tsx';
import { DevMailbox } from './dev-mailbox.tsx';
import { ForgotPassword } from './forgot-password.tsx';
import { ResetPassword } from './reset-password.tsx';
import { SignIn } from './sign-in.tsx';
import { SignUp } from './sign-up.tsx';
import { Terms } from './terms.tsx';
import { VerifyEmail } from './verify-email.tsx';

/** The citizen's pages of a commune portal (sign-in, sign-up, account…). */
export function CitizenRoutes() {
  return (
    <>
      <Route path="/connexion" component={SignIn} />
      <Route path="/inscription" component={SignUp} />
      <Route path="/verifier-email" component={VerifyEmail} />
      <Route path="/mot-de-passe-oublie" component={ForgotPassword} />
      <Route path="/reinitialiser-mot-de-passe" component={ResetPassword} />
      <Route path="/confirmer-liaison" component={ConfirmLink} />
      <Route path="/mon-compte" component={Account} />
      <Route path="/conditions-utilisation" component={Terms} />
      <Route path="/dev/courriels" component={DevMailbox} />
    </>
  );
}
