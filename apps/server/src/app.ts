import { existsSync } from 'node:fs';
import { Hono, type MiddlewareHandler } from 'hono';
import { publishDocument } from './openapi/document.ts';
import { referencePageRoutes } from './openapi/reference-page.ts';
import { createRouter } from './openapi/router.ts';
import { HTTPException } from 'hono/http-exception';
import { secureHeaders } from 'hono/secure-headers';
import { contentSecurityPolicy } from './middleware/content-security-policy.ts';
import type { AppDependencies, AppEnv } from './env.ts';
import { requestLog } from './middleware/request-log.ts';
import { sameOrigin } from './middleware/same-origin.ts';
import { resolvePublicOrigin } from './middleware/public-origin.ts';
import { compression } from './middleware/compression.ts';
import { loadSession } from './middleware/session.ts';
import { resolveSite } from './middleware/site.ts';
import { databaseUnavailableProblem, frameworkProblem, problem } from './problems/problem.ts';
import { domainProblem } from './problems/domain-errors.ts';
import { isDatabaseUnavailable } from '@guichet/db';
import { accountRoutes } from './routes/account.ts';
import { catalogueRoutes, communeTemplateRoutes } from './routes/catalogue.ts';
import { agentAuthRoutes } from './routes/agent-auth.ts';
import { agentAdminRoutes } from './routes/agents-admin.ts';
import { citizenAuthRoutes } from './routes/citizen-auth.ts';
import { devMailboxRoutes } from './routes/dev-mailbox.ts';
import { draftRoutes } from './routes/drafts.ts';
import { epciAuthRoutes } from './routes/epci-auth.ts';
import { consoleCommuneRoutes } from './routes/console-communes.ts';
import { epciConsoleRoutes } from './routes/epci-console.ts';
import { agentDeskRoutes } from './routes/agent-desk.ts';
import { qualityPublicationRoutes, qualityReportRoutes } from './routes/quality-report.ts';
import { statisticsRoutes } from './routes/statistics.ts';
import { agentRequestRoutes } from './routes/agent-requests.ts';
import { agentUploadRoutes, uploadRoutes } from './routes/attachments.ts';
import { healthRoutes } from './routes/health.ts';
import { open311AdminRoutes, open311Routes } from './routes/open311.ts';
import { followUpRoutes } from './routes/follow-up.ts';
import { requestRoutes } from './routes/requests.ts';
import { serviceRoutes } from './routes/services.ts';
import { siteRoutes } from './routes/site.ts';
import { vaultRoutes } from './routes/vault.ts';
import { serveWebApp } from './web-app.ts';

/** The API, typed end to end: the web app's client is derived from this type. */
export function createApi(deps: AppDependencies) {
  const api = createRouter()
    .route('/', siteRoutes(deps))
    .route('/services', serviceRoutes())
    .route('/catalogue', catalogueRoutes(deps))
    .route('/modeles', communeTemplateRoutes())
    .route('/auth', citizenAuthRoutes(deps))
    .route('/compte', accountRoutes(deps))
    .route('/agent/auth', agentAuthRoutes(deps))
    .route('/agent/administration', agentAdminRoutes(deps))
    .route('/console/auth', epciAuthRoutes(deps))
    .route('/console', epciConsoleRoutes(deps))
    .route('/console', consoleCommuneRoutes(deps))
    .route('/dev', devMailboxRoutes(deps))
    .route('/demandes', requestRoutes(deps))
    .route('/suivi', followUpRoutes(deps))
    .route('/brouillons', draftRoutes(deps))
    .route('/agent/demandes', agentRequestRoutes(deps))
    .route('/agent', agentDeskRoutes())
    .route('/agent', statisticsRoutes())
    .route('/qualite', qualityReportRoutes())
    .route('/agent/qualite', qualityPublicationRoutes())
    .route('/open311', open311AdminRoutes())
    .route('/pieces-jointes', uploadRoutes(deps))
    .route('/agent/pieces-jointes', agentUploadRoutes(deps))
    .route('/coffre-fort', vaultRoutes(deps))
    .route('/docs', referencePageRoutes());
  return publishDocument(api);
}

export type Api = ReturnType<typeof createApi>;

export function createApp(deps: AppDependencies) {
  const app = new Hono<AppEnv>();
  app.use(requestLog(deps.log));
  // While shutting down, answers close their connection, so that no client sends another
  // request on a connection that is about to be closed.
  app.use(async (c, next) => {
    await next();
    if (deps.readiness.isStopping()) c.header('connection', 'close');
  });
  // JSON, problems and HTML compressed as they go out. Left alone: the event streams (text/event-stream
  // is not compressible to this middleware, and a compressor would hold events back), the assets
  // (precompressed by the build, they carry their Content-Encoding) and the files' downloads
  // (`no-transform`: their bytes go out as stored, with their length).
  app.use(compression());
  // Registered before the policy below so that it has the last word on the logo's answers: an
  // uploaded SVG is cleaned, a tenant file's is not, and served inert neither can run anything.
  const inertLogo: MiddlewareHandler<AppEnv> = async (c, next) => {
    await next();
    c.res.headers.set('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'; sandbox");
  };
  app.use('/api/commune/logo', inertLogo);
  app.use('/api/commune/logo.svg', inertLogo);
  app.use(contentSecurityPolicy(deps));
  app.use(secureHeaders());
  app.route('/', healthRoutes(deps.readiness.check));
  app.use(resolvePublicOrigin(deps.identity.trustProxy));
  app.use(resolveSite(deps.db, deps.sites.resolve));
  app.use('/api/*', sameOrigin);
  app.use(loadSession(deps.sessionLookups, deps.identity.trustProxy));
  app.route('/api', createApi(deps));
  app.route('/open311/v2', open311Routes(deps));
  app.all('/api/*', (c) => problem(c, 'introuvable'));
  app.all('/open311/*', (c) => problem(c, 'introuvable'));
  if (deps.webDistDir && existsSync(deps.webDistDir)) serveWebApp(app, deps.webDistDir);

  app.notFound((c) => problem(c, 'introuvable', { title: 'Page introuvable.' }));
  app.onError((error, c) => {
    const refusal = domainProblem(c, error);
    if (refusal) return refusal;
    if (error instanceof HTTPException) return frameworkProblem(c, error.status);
    const requestId = c.get('requestId');
    if (isDatabaseUnavailable(error)) {
      (c.get('log') ?? deps.log).warn({ requestId }, 'database unavailable: answered 503');
      return databaseUnavailableProblem(c, requestId);
    }
    (c.get('log') ?? deps.log).error({ err: error, requestId }, 'unexpected error');
    return problem(c, 'erreur-interne', {
      detail: 'Réessayez dans un instant. Si le problème persiste, communiquez cet identifiant à la mairie.',
      requestId,
    });
  });
  return app;
}

export type { AppDependencies, AppEnv, IdentityDependencies, Site } from './env.ts';
