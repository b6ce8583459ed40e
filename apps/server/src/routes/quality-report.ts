import { createRoute } from '@hono/zod-openapi';
import { z } from 'zod';
import { withEpci, type Transaction } from '@guichet/db';
import { recordAudit } from '@guichet/identity';
import {
  memberCommunes,
  periodEnded,
  publishedEpciQualityReports,
  publishedQualityReports,
  publishEpciQualityReport,
  publishQualityReport,
  qualityCsv,
  qualityPeriodSchema,
  qualityReportSchema,
  withdrawEpciQualityReport,
  withdrawQualityReport,
} from '@guichet/statistics';
import type { AppDependencies } from '../env.ts';
import { agentActor } from '../middleware/agent-actor.ts';
import { requireAgent, requireEpciStaff } from '../middleware/require-account.ts';
import { requireCommune } from '../middleware/site.ts';
import { asAgent, asEpciStaff } from '../openapi/access.ts';
import { jsonResponse, problemResponses } from '../openapi/responses.ts';
import { createRouter } from '../openapi/router.ts';
import { problem, validationProblem } from '../problems/problem.ts';

const TAGS = ['Rapport qualité'];

const listOperation = createRoute({
  method: 'get',
  path: '/',
  tags: TAGS,
  summary: 'Lire le rapport qualité publié par la commune (ou par l’intercommunalité)',
  description:
    'Les périodes (années, trimestres) que la commune a publiées, la plus récente d’abord : délais annoncés et part tenue, délai médian de traitement, satisfaction, réclamations traitées (référentiel Services Publics+, engagement 6). Sur le site de l’intercommunalité : son rapport consolidé, toutes ses communes membres ensemble. Aucune donnée personnelle ; un nombre inférieur à 5 demandes n’est pas publié (null). Public.',
  security: [],
  responses: {
    200: jsonResponse(z.object({ reports: z.array(qualityReportSchema) }), 'Les périodes publiées.'),
    ...problemResponses(),
  },
});

const csvOperation = createRoute({
  method: 'get',
  path: '/donnees.csv',
  tags: TAGS,
  summary: 'Télécharger le rapport qualité en données ouvertes (CSV)',
  description:
    'Une ligne par chiffre publié (période ; indicateur ; détail ; valeur), séparateur point-virgule, UTF-8. Un chiffre non publié (moins de 5 demandes) est vide. Sur le site de l’intercommunalité : son rapport consolidé.',
  security: [],
  responses: {
    200: { description: 'Le CSV.', content: { 'text/csv': { schema: z.string() } } },
    ...problemResponses(),
  },
});

const publishOperation = createRoute({
  method: 'post',
  path: '/',
  tags: TAGS,
  summary: 'Publier une période du rapport qualité',
  description:
    'Calcule les chiffres de la période terminée (année ou trimestre) et les publie sur le portail de la commune (/qualite) ; publier à nouveau remplace les chiffres par ceux du jour. Réservé aux administrateurs de la commune ; inscrit au journal.',
  middleware: [requireCommune, requireAgent('commune_admin'), agentActor] as const,
  security: asAgent('commune_admin'),
  request: { body: { required: true, content: { 'application/json': { schema: z.strictObject({ periode: qualityPeriodSchema }) } } } },
  responses: {
    201: jsonResponse(qualityReportSchema, 'La période publiée.'),
    ...problemResponses('validation', 'connexion-requise', 'second-facteur-requis', 'commune-requise', 'droits-insuffisants'),
  },
});

const withdrawOperation = createRoute({
  method: 'delete',
  path: '/{periode}',
  tags: TAGS,
  summary: 'Retirer une période publiée',
  middleware: [requireCommune, requireAgent('commune_admin'), agentActor] as const,
  security: asAgent('commune_admin'),
  request: { params: z.object({ periode: qualityPeriodSchema }) },
  responses: {
    204: { description: 'Retirée.' },
    ...problemResponses('validation', 'connexion-requise', 'second-facteur-requis', 'commune-requise', 'droits-insuffisants', 'introuvable'),
  },
});

const consolePublishOperation = createRoute({
  method: 'post',
  path: '/',
  tags: TAGS,
  summary: 'Publier une période du rapport qualité de l’intercommunalité',
  description:
    'Calcule les chiffres consolidés de la période terminée (année ou trimestre), toutes les communes membres ensemble, et les publie sur le site de l’intercommunalité (/qualite) ; publier à nouveau remplace les chiffres par ceux du jour. Réservé à l’équipe de l’intercommunalité ; inscrit au journal.',
  middleware: [requireEpciStaff] as const,
  security: asEpciStaff,
  request: { body: { required: true, content: { 'application/json': { schema: z.strictObject({ periode: qualityPeriodSchema }) } } } },
  responses: {
    201: jsonResponse(qualityReportSchema, 'La période publiée.'),
    ...problemResponses('validation', 'connexion-requise', 'second-facteur-requis'),
  },
});

const consoleWithdrawOperation = createRoute({
  method: 'delete',
  path: '/{periode}',
  tags: TAGS,
  summary: 'Retirer une période publiée du rapport de l’intercommunalité',
  middleware: [requireEpciStaff] as const,
  security: asEpciStaff,
  request: { params: z.object({ periode: qualityPeriodSchema }) },
  responses: {
    204: { description: 'Retirée.' },
    ...problemResponses('validation', 'connexion-requise', 'second-facteur-requis', 'introuvable'),
  },
});

/** A commune's published periods, or on the EPCI's site the EPCI's. */
function publishedOnSite(c: { var: { site: { kind: 'commune' | 'epci' }; inSite: <T>(work: (tx: Transaction) => Promise<T>) => Promise<T> } }) {
  return c.var.inSite((tx) => (c.var.site.kind === 'commune' ? publishedQualityReports(tx) : publishedEpciQualityReports(tx)));
}

/** The public quality report (under /api/qualite): the commune's on its portal, the EPCI's on its site. */
export function qualityReportRoutes() {
  return createRouter()
    .openapi(listOperation, async (c) => c.json({ reports: await publishedOnSite(c) }, 200))
    .openapi(csvOperation, async (c) => {
      const site = c.var.site;
      const slug = site.kind === 'commune' ? site.tenant.slug : site.epci.slug;
      return c.body(qualityCsv(await publishedOnSite(c)), 200, { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="qualite-${slug}.csv"` });
    });
}

/** The EPCI's consolidated report, published by its staff (under /api/console/qualite). */
export function epciQualityPublicationRoutes(deps: AppDependencies) {
  return createRouter()
    .openapi(consolePublishOperation, async (c) => {
      const { periode } = c.req.valid('json');
      if (!periodEnded(periode)) {
        return validationProblem(c, [{ field: 'periode', code: 'period_not_ended', message: 'La période n’est pas terminée : ses chiffres changeraient après la publication.' }]);
      }
      const { epciId, accountId: staffId } = c.var.session;
      const report = await withEpci(deps.db, epciId, async (tx) => {
        const members = await memberCommunes(tx, epciId);
        const published = await publishEpciQualityReport(tx, { epciId, tenantIds: members.map((member) => member.id), period: periode, staffId });
        await recordAudit(tx, { epciId, tenantId: null, action: 'quality_report_published', actor: { kind: 'epci_staff', id: staffId }, ip: c.var.clientIp, details: { period: periode } });
        return published;
      });
      return c.json(report, 201);
    })
    .openapi(consoleWithdrawOperation, async (c) => {
      const { periode } = c.req.valid('param');
      const { epciId, accountId: staffId } = c.var.session;
      const withdrawn = await withEpci(deps.db, epciId, async (tx) => {
        const removed = await withdrawEpciQualityReport(tx, periode);
        if (removed) await recordAudit(tx, { epciId, tenantId: null, action: 'quality_report_withdrawn', actor: { kind: 'epci_staff', id: staffId }, ip: c.var.clientIp, details: { period: periode } });
        return removed;
      });
      if (!withdrawn) return problem(c, 'introuvable', { title: 'Cette période n’est pas publiée.' });
      return c.body(null, 204);
    });
}

export function qualityPublicationRoutes() {
  return createRouter()
    .openapi(publishOperation, async (c) => {
      const { periode } = c.req.valid('json');
      if (!periodEnded(periode)) {
        return validationProblem(c, [{ field: 'periode', code: 'period_not_ended', message: 'La période n’est pas terminée : ses chiffres changeraient après la publication.' }]);
      }
      const actor = c.var.actor;
      const { tenant, epci } = c.var.site;
      const report = await c.var.inSite(async (tx) => {
        const published = await publishQualityReport(tx, { tenantId: tenant.id, period: periode, agentId: actor.agentId });
        await recordAudit(tx, { epciId: epci.id, tenantId: tenant.id, action: 'quality_report_published', actor: { kind: 'agent', id: actor.agentId }, ip: c.var.clientIp, details: { period: periode } });
        return published;
      });
      return c.json(report, 201);
    })
    .openapi(withdrawOperation, async (c) => {
      const { periode } = c.req.valid('param');
      const actor = c.var.actor;
      const { tenant, epci } = c.var.site;
      const withdrawn = await c.var.inSite(async (tx) => {
        const removed = await withdrawQualityReport(tx, periode);
        if (removed) await recordAudit(tx, { epciId: epci.id, tenantId: tenant.id, action: 'quality_report_withdrawn', actor: { kind: 'agent', id: actor.agentId }, ip: c.var.clientIp, details: { period: periode } });
        return removed;
      });
      if (!withdrawn) return problem(c, 'introuvable', { title: 'Cette période n’est pas publiée.' });
      return c.body(null, 204);
    });
}
