import { createRoute } from '@hono/zod-openapi';
import { z } from 'zod';
import { epciStaffAccounts } from '@guichet/identity';
import type { AppDependencies } from '../env.ts';
import { requireEpciStaff } from '../middleware/require-account.ts';
import { asEpciStaff } from '../openapi/access.ts';
import { jsonResponse, problemResponses } from '../openapi/responses.ts';
import { createRouter } from '../openapi/router.ts';
import { problem } from '../problems/problem.ts';
import { staffSignInRoutes } from './staff-sign-in.ts';

const staffMemberSchema = z.object({
  id: z.uuid(),
  displayName: z.string().meta({ example: 'Dominique Leroy' }),
  email: z.email(),
  epci: z.object({ name: z.string().meta({ example: 'Communauté d’agglomération Hénin-Carvin' }) }),
});

const meOperation = createRoute({
  method: 'get',
  path: '/moi',
  tags: ['Console : connexion'],
  summary: 'Qui suis-je sur la console',
  description: 'Le membre de l’équipe de l’intercommunalité connecté (second facteur passé), et son intercommunalité.',
  middleware: [requireEpciStaff] as const,
  security: asEpciStaff,
  responses: {
    200: jsonResponse(staffMemberSchema, 'Le membre de l’équipe connecté.'),
    ...problemResponses('connexion-requise', 'second-facteur-requis', 'introuvable'),
  },
});

/** EPCI administrators' sign-in on their console's host: password + TOTP, like agents. */
export function epciAuthRoutes(deps: AppDependencies) {
  const signIn = staffSignInRoutes(deps, epciStaffAccounts, (site) =>
    site.kind === 'epci' ? { scope: { epciId: site.epci.id, tenantId: null }, totpIssuer: `Guichet – ${site.epci.name}` } : undefined,
  );
  return createRouter()
    .route('/', signIn)
    .openapi(meOperation, async (c) => {
      const session = c.var.session;
      const site = c.var.site;
      const member = await c.var.inSite((tx) => epciStaffAccounts.findById(tx, session.accountId));
      if (!member || site.kind !== 'epci') return problem(c, 'connexion-requise');
      return c.json({ id: member.id, displayName: member.displayName, email: member.email, epci: { name: site.epci.name } }, 200);
    });
}
