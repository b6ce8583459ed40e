import type { AgentRole } from '@guichet/db';
import { SESSION_COOKIE } from '../cookies.ts';

const sessionCookie = { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE } as const;

/**
 * Who may call an operation, as OpenAPI security schemes. All three are the same session
 * cookie (named `__Host-guichet_session` over HTTPS), opened by a different sign-in.
 */
export const SECURITY_SCHEMES = {
  sessionCitoyen: {
    ...sessionCookie,
    description: 'Session d’usager, ouverte par `POST /api/auth/connexion` (e-mail et mot de passe) ou par FranceConnect.',
  },
  sessionAgent: {
    ...sessionCookie,
    description:
      'Session d’agent de la commune, ouverte par `POST /api/agent/auth/connexion` puis le code TOTP (`POST /api/agent/auth/code`). Les rôles exigés sont listés dans l’exigence de sécurité.',
  },
  sessionIntercommunale: {
    ...sessionCookie,
    description: 'Session d’un membre de l’équipe de l’intercommunalité, sur la console (`POST /api/console/auth/connexion` puis le code TOTP).',
  },
} as const;

type SecurityRequirements = Array<Partial<Record<keyof typeof SECURITY_SCHEMES, string[]>>>;

export const asCitizen: SecurityRequirements = [{ sessionCitoyen: [] }];
/** Signed in or not: the operation answers both (anonymous filing, for instance). */
export const asAnyoneOrCitizen: SecurityRequirements = [{}, { sessionCitoyen: [] }];
export const asEpciStaff: SecurityRequirements = [{ sessionIntercommunale: [] }];
/** No role given: any agent of the commune. */
export function asAgent(...roles: AgentRole[]): SecurityRequirements {
  return [{ sessionAgent: roles }];
}
