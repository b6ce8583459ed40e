import { Route } from '@solidjs/router';
import { lazy } from 'solid-js';
import { pagePaths } from '../../pages.ts';

// Each page its own chunk, loaded on first visit.
const SignIn = lazy(() => import('./sign-in.tsx').then((module) => ({ default: module.SignIn })));
const SignUp = lazy(() => import('./sign-up.tsx').then((module) => ({ default: module.SignUp })));
const VerifyEmail = lazy(() => import('./verify-email.tsx').then((module) => ({ default: module.VerifyEmail })));
const ForgotPassword = lazy(() => import('./forgot-password.tsx').then((module) => ({ default: module.ForgotPassword })));
const ResetPassword = lazy(() => import('./reset-password.tsx').then((module) => ({ default: module.ResetPassword })));
const ConfirmLink = lazy(() => import('./confirm-link.tsx').then((module) => ({ default: module.ConfirmLink })));
const Account = lazy(() => import('./account.tsx').then((module) => ({ default: module.Account })));
const AccountDeleted = lazy(() => import('./account-deleted.tsx').then((module) => ({ default: module.AccountDeleted })));
const VaultPage = lazy(() => import('../vault/vault-page.tsx').then((module) => ({ default: module.VaultPage })));
const Terms = lazy(() => import('./terms.tsx').then((module) => ({ default: module.Terms })));
const AccessibilityStatement = lazy(() => import('../legal/accessibility-statement.tsx').then((module) => ({ default: module.AccessibilityStatement })));
const LegalNotice = lazy(() => import('../legal/legal-notice.tsx').then((module) => ({ default: module.LegalNotice })));
const PrivacyNotice = lazy(() => import('../legal/privacy-notice.tsx').then((module) => ({ default: module.PrivacyNotice })));
const QualityReportPage = lazy(() => import('../legal/quality-report.tsx').then((module) => ({ default: module.QualityReportPage })));
const DevMailbox = lazy(() => import('./dev-mailbox.tsx').then((module) => ({ default: module.DevMailbox })));

/** The citizen's pages of a commune portal (sign-in, sign-up, account, coffre-fort, the legal pages…). */
export function CitizenRoutes() {
  return (
    <>
      <Route path={pagePaths.signIn} component={SignIn} />
      <Route path={pagePaths.signUp} component={SignUp} />
      <Route path={pagePaths.verifyEmail} component={VerifyEmail} />
      <Route path={pagePaths.forgotPassword} component={ForgotPassword} />
      <Route path={pagePaths.resetPassword} component={ResetPassword} />
      <Route path={pagePaths.confirmLink} component={ConfirmLink} />
      <Route path={pagePaths.account} component={Account} />
      <Route path={pagePaths.accountDeleted} component={AccountDeleted} />
      <Route path={pagePaths.vault} component={VaultPage} />
      <Route path={pagePaths.terms} component={Terms} />
      <Route path={pagePaths.accessibilityStatement} component={AccessibilityStatement} />
      <Route path={pagePaths.legalNotice} component={LegalNotice} />
      <Route path={pagePaths.privacyNotice} component={PrivacyNotice} />
      <Route path={pagePaths.qualityReport} component={QualityReportPage} />
      <Route path={pagePaths.devMailbox} component={DevMailbox} />
    </>
  );
}
