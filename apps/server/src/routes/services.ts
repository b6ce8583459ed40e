import { createRoute } from '@hono/zod-openapi';
import { z } from 'zod';
import { services } from '@guichet/db';
import { requireCommune } from '../middleware/site.ts';
import { jsonResponse, problemResponses } from '../openapi/responses.ts';
import { createRouter } from '../openapi/router.ts';

// The database runs with the C collation; "État" must still sort among the E's.
const frenchOrder = new Intl.Collator('fr', { sensitivity: 'base' });

/** One service instructeur of the commune, as its portal shows it. */
const serviceSchema = z
  .object({
    slug: z.string().meta({ example: 'etat-civil' }),
    name: z.string().meta({ example: 'État civil' }),
    description: z.string().nullable(),
    email: z.string().nullable().meta({ description: 'Comment joindre le service, s’il le publie.' }),
    phone: z.string().nullable(),
  })
  .meta({ id: 'ServiceInstructeur' });

const listOperation = createRoute({
  method: 'get',
  path: '/',
  tags: ['Commune et intercommunalité'],
  summary: 'Lister les services instructeurs de la commune',
  middleware: [requireCommune] as const,
  security: [],
  responses: {
    200: jsonResponse(z.object({ services: z.array(serviceSchema) }), 'Les services de la commune, par ordre alphabétique.'),
    ...problemResponses('commune-requise'),
  },
});

/** The commune's services instructeurs, as shown on its portal. */
export function serviceRoutes() {
  return createRouter().openapi(listOperation, async (c) => {
    const rows = await c.var.inSite((tx) =>
      tx.select({ slug: services.slug, name: services.name, description: services.description, email: services.email, phone: services.phone }).from(services),
    );
    return c.json({ services: rows.sort((a, b) => frenchOrder.compare(a.name, b.name)) }, 200);
  });
}
