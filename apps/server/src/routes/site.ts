import { createRoute } from '@hono/zod-openapi';
import { asc, eq } from 'drizzle-orm';
import { z } from 'zod';
import { tenants, type Branding, type Epci, type Tenant } from '@guichet/db';
import { communeMap } from '../commune-map.ts';
import type { AppDependencies } from '../env.ts';
import { portalOrigin } from '../middleware/public-origin.ts';
import { requireCommune, requireEpci } from '../middleware/site.ts';
import { jsonResponse, problemResponses } from '../openapi/responses.ts';
import { createRouter } from '../openapi/router.ts';

const LOGO_URL = '/api/commune/logo.svg';
const colour = z.string().meta({ description: 'Une couleur CSS, en hexadécimal.', example: '#1b6b45' });

/** A commune's or EPCI's colours, and where its logo is served. */
const publicBrandingSchema = z
  .object({
    primaryColor: colour,
    secondaryColor: colour,
    textOnPrimary: colour,
    tagline: z.string().optional().meta({ description: 'La devise ou l’accroche affichée sous le nom.' }),
    logoUrl: z.string().meta({ description: 'Le logo, en SVG : `GET /api/commune/logo.svg`.', example: LOGO_URL }),
  })
  .meta({ id: 'Charte' });

/** The public profile of a commune, as its portal shows it before sign-in. */
const communeProfileSchema = z
  .object({
    slug: z.string().meta({ example: 'libercourt' }),
    name: z.string().meta({ example: 'Libercourt' }),
    inseeCode: z.string().meta({ example: '62907' }),
    epci: z.object({ slug: z.string(), name: z.string() }).meta({ description: 'L’intercommunalité dont la commune est membre.' }),
    branding: publicBrandingSchema,
    contact: z
      .object({
        address: z.string(),
        postalCode: z.string().meta({ example: '62820' }),
        city: z.string(),
        phone: z.string().optional(),
        email: z.string().optional(),
        website: z.string().optional(),
        openingHours: z.string().optional().meta({ description: 'Les horaires d’ouverture de la mairie, comme la commune les écrit.' }),
      })
      .meta({ description: 'Les coordonnées de la mairie.' }),
    addressSearch: z
      .object({
        url: z.url().meta({
          description: 'L’API de géocodage de la Base Adresse Nationale que le navigateur interroge (`{url}/search/?q=…`), ou le service local qui répond dans son format.',
          example: 'https://api-adresse.data.gouv.fr',
        }),
      })
      .meta({ description: 'La recherche d’adresse des formulaires.' }),
    map: z
      .object({
        center: z.object({ lat: z.number(), lon: z.number() }).meta({ description: 'Le point où la carte s’ouvre (WGS 84).' }),
        zoom: z.int().meta({ description: 'Le niveau de zoom où elle s’ouvre.', example: 15 }),
        tiles: z.object({
          url: z.string().meta({ description: 'Le modèle d’adresse des tuiles.', example: 'https://tile.openstreetmap.org/{z}/{x}/{y}.png' }),
          attribution: z.string().meta({ description: 'La mention que la licence des tuiles impose, à afficher sur la carte.' }),
        }),
      })
      .nullable()
      .meta({
        description:
          'La carte des formulaires (placer un point), quand un serveur de tuiles est configuré (celui de la commune, sinon `MAP_TILE_URL`) ; `null` sinon : la recherche d’adresse et la position suffisent.',
      }),
  })
  .meta({ id: 'Commune' });

/** The public profile of an EPCI and its member communes, as its console shows it. */
const epciProfileSchema = z
  .object({
    slug: z.string().meta({ example: 'agglo-henin-carvin' }),
    name: z.string(),
    siren: z.string(),
    branding: publicBrandingSchema,
    communes: z.array(
      z.object({
        slug: z.string(),
        name: z.string(),
        inseeCode: z.string(),
        portalUrl: z.url().meta({ description: 'L’adresse du portail de la commune.', example: 'https://carvin.guichet.example.fr/' }),
      }),
    ),
  })
  .meta({ id: 'Intercommunalite' });

const tags = ['Commune et intercommunalité'];

const communeOperation = createRoute({
  method: 'get',
  path: '/commune',
  tags,
  summary: 'Lire le profil public de la commune',
  description: 'Le nom, la charte graphique et les coordonnées de la commune de l’adresse appelée : ce que le portail affiche avant toute connexion.',
  middleware: [requireCommune] as const,
  security: [],
  responses: {
    200: jsonResponse(communeProfileSchema, 'Le profil public de la commune.'),
    ...problemResponses('commune-requise'),
  },
});

const logoOperation = createRoute({
  method: 'get',
  path: '/commune/logo.svg',
  tags,
  summary: 'Télécharger le logo de la commune ou de l’intercommunalité',
  description: 'Le logo déclaré de la commune, ou de l’intercommunalité sur l’adresse de sa console, servi comme une image SVG inerte (sans script). Mis en cache cinq minutes.',
  security: [],
  responses: {
    200: {
      description: 'Le logo, en SVG.',
      content: { 'image/svg+xml': { schema: z.any().meta({ type: 'string', format: 'binary' }) } },
    },
    ...problemResponses(),
  },
});

const epciOperation = createRoute({
  method: 'get',
  path: '/epci',
  tags,
  summary: 'Lire le profil public de l’intercommunalité',
  description: 'Sur l’adresse de la console : l’intercommunalité, sa charte graphique et ses communes membres, avec l’adresse du portail de chacune.',
  middleware: [requireEpci] as const,
  security: [],
  responses: {
    200: jsonResponse(epciProfileSchema, 'L’intercommunalité et ses communes membres, par ordre alphabétique.'),
    ...problemResponses('console-requise'),
  },
});

/** Public profile of the commune or EPCI the Host designates: what a portal shows before sign-in. */
export function siteRoutes(deps: Pick<AppDependencies, 'db' | 'platformDomain' | 'addressSearchUrl' | 'mapTiles'>) {
  const { db, platformDomain } = deps;
  return createRouter()
    .openapi(communeOperation, (c) => {
      const { tenant, epci } = c.var.site;
      return c.json({ ...communeProfile(tenant, epci), addressSearch: { url: deps.addressSearchUrl }, map: communeMap(tenant, deps.mapTiles) }, 200);
    })
    .openapi(logoOperation, (c) => {
      const branding = c.var.site.kind === 'commune' ? c.var.site.tenant.branding : c.var.site.epci.branding;
      return svgResponse(branding);
    })
    .openapi(epciOperation, async (c) => {
      const { epci } = c.var.site;
      const members = await db.select().from(tenants).where(eq(tenants.epciId, epci.id)).orderBy(asc(tenants.name));
      return c.json(
        {
          slug: epci.slug,
          name: epci.name,
          siren: epci.siren,
          branding: publicBranding(epci.branding),
          communes: members.map((member) => ({
            slug: member.slug,
            name: member.name,
            inseeCode: member.inseeCode,
            portalUrl: `${portalOrigin(c.var.publicOrigin, member.slug, platformDomain)}/`,
          })),
        },
        200,
      );
    });
}

function communeProfile(tenant: Tenant, epci: Epci) {
  return {
    slug: tenant.slug,
    name: tenant.name,
    inseeCode: tenant.inseeCode,
    epci: { slug: epci.slug, name: epci.name },
    branding: publicBranding(tenant.branding),
    contact: tenant.contact,
  };
}

function publicBranding(branding: Branding) {
  const { logo: _logo, ...colours } = branding;
  return { ...colours, logoUrl: LOGO_URL };
}

function svgResponse(branding: Branding): Response {
  const [, base64 = ''] = branding.logo.split(',', 2);
  return new Response(Buffer.from(base64, 'base64'), {
    headers: {
      'content-type': 'image/svg+xml',
      'cache-control': 'public, max-age=300',
    },
  });
}
