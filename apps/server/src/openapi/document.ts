import type { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../env.ts';
import { SECURITY_SCHEMES } from './access.ts';

const DESCRIPTION = `L’API de la plateforme Guichet, telle que l’utilisent les portails des communes, leurs agents et la console de l’intercommunalité.

**Une commune par adresse.** Chaque commune a son adresse (\`libercourt.localhost:3000\` en démonstration) et l’API y répond pour elle seule : appelez-la sur l’adresse de la commune visée.

**Erreurs.** Un refus est un problème au sens de la RFC 9457 (\`application/problem+json\`), en français ; une saisie invalide répond 422 avec une entrée par champ dans \`errors\`.

**Sessions.** Les opérations protégées lisent le cookie de session ; les requêtes qui modifient quelque chose doivent venir de la même origine (en-tête \`Origin\`).

**Hors de ce document.** Open311 GeoReport v2 (\`/open311/v2\`, sa propre spécification), les flux d’événements (\`text/event-stream\`, décrits dans le README) et \`/api/dev\` (développement seulement).`;

/**
 * Publishes the OpenAPI 3.1 document of every operation declared on `api`, at `/openapi.json`, built on
 * first demand.
 */
// Generic so that the API's route types, which the web app's client reads, are kept.
export function publishDocument<Api extends OpenAPIHono<AppEnv, any, any>>(api: Api): Api {
  for (const [name, scheme] of Object.entries(SECURITY_SCHEMES)) {
    api.openAPIRegistry.registerComponent('securitySchemes', name, scheme);
  }
  let document: object | undefined;
  api.get('/openapi.json', (c) => {
    document ??= underApi(api.getOpenAPI31Document({ openapi: '3.1.0', info: { title: 'API Guichet', version: '1', description: DESCRIPTION } }));
    return c.json(document);
  });
  return api;
}

/**
 * The operations are declared on the router mounted at `/api`: their paths are written whole, on
 * the address called, rather than under a `servers` entry every reader would have to combine.
 */
function underApi<Document extends { paths?: Record<string, unknown> }>(document: Document): Document {
  return { ...document, paths: Object.fromEntries(Object.entries(document.paths ?? {}).map(([path, item]) => [`/api${path}`, item])) };
}
