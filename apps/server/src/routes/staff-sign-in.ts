import type { Context } from 'hono';
import { Hono } from 'hono';
import { z } from 'zod';
import { withEpci, withTenant, type Database, type Transaction } from '@guichet/db';
import {
  accountAttemptsKey,
  activateTotp,
  beginTotpEnrolment,
  ipAttemptsKey,
  recordLockout,
  secondFactorAttemptsKey,
  signInWithPassword,
  signOut,
  signOutEverywhere,
  STAFF_SIGN_IN_RULES,
  verifyTotp,
  type StaffAccounts,
  type StaffScope,
} from '@guichet/identity';
import { clearCookie, SESSION_COOKIE, writeCookie } from '../cookies.ts';
import type { AppDependencies, AppEnv, Site } from '../env.ts';
import { bodyEmail, limitAttempts } from '../middleware/attempt-limits.ts';
import { requirePendingSecondFactor, requireStaffSession } from '../middleware/staff-session.ts';
import { problem } from '../problems/problem.ts';
import { validate } from '../validate.ts';

/** Where staff of one kind sign in: its scope, and the name their authenticator app shows. */
export type StaffSite = { scope: StaffScope; totpIssuer: string };

const passwordSignInSchema = z.object({
  email: z.email('Adresse e-mail invalide').max(254),
  // No length rule at sign-in: the rule applies when a password is chosen.
  password: z.string().min(1, 'Mot de passe requis').max(256),
});
const codeSchema = z.object({ code: z.string().trim().regex(/^\d{6}$/, 'Le code comporte 6 chiffres') });

export function inScope<T>(db: Database, scope: StaffScope, work: (tx: Transaction) => Promise<T>): Promise<T> {
  return scope.tenantId ? withTenant(db, scope.tenantId, work) : withEpci(db, scope.epciId, work);
}

/**
 * Password then TOTP, for commune agents and EPCI staff alike: the same steps, rate limits and
 * audit events, in the scope of the site the request came to (RLS shows only its accounts).
 */
export function staffSignInRoutes(deps: AppDependencies, accounts: StaffAccounts, siteOf: (site: Site) => StaffSite | undefined) {
  const { db } = deps;
  const kind = accounts.kind;
  const site = (current: Site) => siteOf(current)!;
  const lockout = (limit: 'account' | 'ip' | 'second_factor', account: (c: Context<AppEnv>) => Promise<{ email: string } | { id: string } | undefined>) =>
    async (c: Context<AppEnv>, retryAfterSeconds: number) => {
      const { scope } = site(c.var.site);
      const target = await account(c);
      await inScope(db, scope, (tx) => recordLockout({ tx, accounts, scope, limit, account: target, ip: c.var.clientIp, retryAfterSeconds }));
    };
  const perIp = limitAttempts<AppEnv>(db, STAFF_SIGN_IN_RULES.ip, (c) => ipAttemptsKey(kind, c.var.clientIp), lockout('ip', async () => undefined));
  const perAccount = limitAttempts<AppEnv>(
    db,
    STAFF_SIGN_IN_RULES.account,
    async (c) => {
      const email = await bodyEmail(c);
      return email ? accountAttemptsKey(kind, site(c.var.site).scope, email) : undefined;
    },
    lockout('account', async (c) => {
      const email = await bodyEmail(c);
      return email ? { email } : undefined;
    }),
  );
  const perCode = limitAttempts<AppEnv>(
    db,
    STAFF_SIGN_IN_RULES.secondFactor,
    (c) => secondFactorAttemptsKey(kind, c.var.session!.accountId),
    lockout('second_factor', async (c) => ({ id: c.var.session!.accountId })),
  );

  return new Hono<AppEnv>()
    .use(async (c, next) => {
      if (!siteOf(c.var.site)) return problem(c, 'introuvable', { title: "Cette adresse de l'API n'existe pas sur ce site." });
      await next();
    })
    .post('/connexion', perIp, perAccount, validate('json', passwordSignInSchema), async (c) => {
      const { email, password } = c.req.valid('json');
      const { scope } = site(c.var.site);
      const result = await inScope(db, scope, (tx) => signInWithPassword({ tx, accounts, scope, email, password, ip: c.var.clientIp }));
      if (result.outcome === 'refused') {
        return problem(c, 'identifiants-invalides', {
          detail: 'Vérifiez votre saisie. Après plusieurs erreurs, les tentatives sont suspendues pendant un quart d’heure.',
        });
      }
      writeCookie(c, SESSION_COOKIE, result.token, result.session.expiresAt);
      return c.json({ next: result.enrolled ? ('totp_verification' as const) : ('totp_enrolment' as const) });
    })
    .post('/totp/inscription', requirePendingSecondFactor(kind), async (c) => {
      const { scope, totpIssuer } = site(c.var.site);
      const session = c.var.session;
      const result = await inScope(db, scope, (tx) => beginTotpEnrolment({ tx, accounts, session, secretBox: deps.identity.secretBox, issuer: totpIssuer }));
      if (result.outcome === 'already_enrolled') {
        return problem(c, 'deja-inscrit', {
          detail: 'Saisissez le code qu’elle affiche. Si vous l’avez perdue, demandez à un administrateur de réinitialiser votre accès.',
        });
      }
      return c.json({ secret: result.secret, uri: result.uri });
    })
    .post('/totp/activation', requirePendingSecondFactor(kind), perCode, validate('json', codeSchema), async (c) => {
      const { scope } = site(c.var.site);
      const session = c.var.session;
      const { code } = c.req.valid('json');
      const result = await inScope(db, scope, (tx) => activateTotp({ tx, accounts, session, secretBox: deps.identity.secretBox, code, ip: c.var.clientIp }));
      if (result.outcome === 'not_started') return problem(c, 'inscription-non-commencee');
      if (result.outcome === 'wrong_code') return wrongCode(c);
      return c.json({ signedIn: true as const });
    })
    .post('/totp/verification', requirePendingSecondFactor(kind), perCode, validate('json', codeSchema), async (c) => {
      const { scope } = site(c.var.site);
      const session = c.var.session;
      const { code } = c.req.valid('json');
      const result = await inScope(db, scope, (tx) => verifyTotp({ tx, accounts, session, secretBox: deps.identity.secretBox, code, ip: c.var.clientIp }));
      if (result.outcome === 'not_enrolled') return problem(c, 'inscription-requise');
      if (result.outcome === 'wrong_code') return wrongCode(c);
      return c.json({ signedIn: true as const });
    })
    .get('/session', requireStaffSession(kind), async (c) => {
      const session = c.var.session;
      if (session.secondFactorVerified) return c.json({ stage: 'signed_in' as const, enrolled: true });
      const account = await inScope(db, site(c.var.site).scope, (tx) => accounts.findById(tx, session.accountId));
      return c.json({ stage: 'second_factor' as const, enrolled: account?.totpEnabledAt != null });
    })
    .post('/deconnexion', requireStaffSession(kind), async (c) => {
      const session = c.var.session;
      await inScope(db, site(c.var.site).scope, (tx) => signOut({ tx, session, ip: c.var.clientIp }));
      clearCookie(c, SESSION_COOKIE);
      return c.json({ signedOut: true as const });
    })
    .post('/deconnexion-partout', requireStaffSession(kind), async (c) => {
      const session = c.var.session;
      if (!session.secondFactorVerified) return problem(c, 'second-facteur-requis');
      const sessions = await inScope(db, site(c.var.site).scope, (tx) => signOutEverywhere({ tx, session, ip: c.var.clientIp }));
      clearCookie(c, SESSION_COOKIE);
      return c.json({ signedOut: true as const, sessions });
    });
}

function wrongCode(c: Context) {
  return problem(c, 'code-incorrect', {
    detail: 'Saisissez le code à 6 chiffres affiché en ce moment par votre application. Un code ne sert qu’une fois.',
  });
}
