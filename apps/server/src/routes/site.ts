import { createHash } from 'node:crypto';
import { createRoute } from '@hono/zod-openapi';
import { asc, eq } from 'drizzle-orm';
import { z } from 'zod';
import { tenants, type Branding, type Epci, type Tenant } from '@guichet/db';
import { logoContent } from '@guichet/tenants/logo';
import { communeMap, epciMap } from '../commune-map.ts';
import type { AppDependencies } from '../env.ts';
import { portalOrigin } from '../middleware/public-origin.ts';
import { requireCommune, requireEpci } from '../middleware/site.ts';
import { jsonResponse, problemResponses } from '../openapi/responses.ts';
import { createRouter } from '../openapi/router.ts';

const LOGO_PATH = '/api/commune/logo';
const colour = z.string().meta({ description: 'Une couleur CSS, en hexadécimal.', example: '#1b6b45' });

/** A commune's or EPCI's colours, and where its logo is served. */
const publicBrandingSchema = z
  .object({
    primaryColor: colour,
    secondaryColor: colour,
    textOnPrimary: colour,
    tagline: z.string().optional().meta({ description: 'La devise ou l’accroche affichée sous le nom.' }),
    logoUrl: z.string().meta({
      description: 'Le logo (SVG ou PNG) : `GET /api/commune/logo`, suivi d’une version qui change avec lui, pour qu’un navigateur ne garde pas l’ancien.',
      example: `${LOGO_PATH}?v=Xq3b9TfK2mWc`,
    }),
  })
  .meta({ id: 'Charte' });

/** Where a map opens and on which tiles. */
const mapSchema = z
  .object({
    center: z.object({ lat: z.number(), lon: z.number() }).meta({ description: 'Le point où la carte s’ouvre (WGS 84).' }),
    zoom: z.int().meta({ description: 'Le niveau de zoom où elle s’ouvre.', example: 15 }),
    tiles: z.object({
      url: z.string().meta({ description: 'Le modèle d’adresse des tuiles.', example: 'https://tile.openstreetmap.org/{z}/{x}/{y}.png' }),
      attribution: z.string().meta({ description: 'La mention que la licence des tuiles impose, à afficher sur la carte.' }),
    }),
  })
  .nullable();

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
        near: z
          .object({ lat: z.number(), lon: z.number() })
          .nullable()
          .meta({ description: 'Le centre de la commune, passé à la recherche (`lat`, `lon`) pour que ses adresses viennent en premier ; null si la commune n’en déclare pas.' }),
      })
      .meta({ description: 'La recherche d’adresse des formulaires.' }),
    map: mapSchema.meta({
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
    map: mapSchema.meta({ description: 'La carte des statistiques par lieu de la console (les tuiles de `MAP_TILE_URL`, au milieu des communes membres) ; `null` sans serveur de tuiles.' }),
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

const logoResponses = {
  200: {
    description: 'Le logo, en SVG ou en PNG (`Content-Type`).',
    content: {
      'image/svg+xml': { schema: z.any().meta({ type: 'string', format: 'binary' }) },
      'image/png': { schema: z.any().meta({ type: 'string', format: 'binary' }) },
    },
  },
  ...problemResponses(),
};
const logoDescription =
  'Le logo de la commune (celui de son fichier, ou celui que son administrateur a déposé), ou de l’intercommunalité sur l’adresse de sa console. Un SVG est servi comme une image inerte : nettoyé au dépôt, et interdit de script et de toute ressource extérieure par sa politique de sécurité du contenu. Mis en cache cinq minutes.';

const logoOperation = createRoute({
  method: 'get',
  path: '/commune/logo',
  tags,
  summary: 'Télécharger le logo de la commune ou de l’intercommunalité',
  description: logoDescription,
  security: [],
  responses: logoResponses,
});

/** The first address, from when every logo was an SVG: kept for pages still open and whoever copied it. */
const svgLogoOperation = createRoute({
  method: 'get',
  path: '/commune/logo.svg',
  tags,
  summary: 'Télécharger le logo (ancienne adresse)',
  // Said in words rather than `deprecated: true`: the reference page greys deprecated operations
  // below the contrast WCAG asks for.
  description: 'Dépréciée : comme `GET /api/commune/logo`, qui la remplace ; le logo peut aussi être un PNG.',
  security: [],
  responses: logoResponses,
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
      return c.json({ ...communeProfile(tenant, epci), addressSearch: { url: deps.addressSearchUrl, near: tenant.map?.center ?? null }, map: communeMap(tenant, deps.mapTiles) }, 200);
    })
    .openapi(logoOperation, (c) => logoResponse(c.var.site.kind === 'commune' ? c.var.site.tenant.branding : c.var.site.epci.branding))
    .openapi(svgLogoOperation, (c) => logoResponse(c.var.site.kind === 'commune' ? c.var.site.tenant.branding : c.var.site.epci.branding))
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
          map: epciMap(members, deps.mapTiles),
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
  const { logo, ...colours } = branding;
  return { ...colours, logoUrl: logoUrl(logo) };
}

/** Where the portal finds this logo: the version changes with its bytes, so a new logo shows at once. */
export function logoUrl(logo: string): string {
  return `${LOGO_PATH}?v=${createHash('sha256').update(logo).digest('base64url').slice(0, 12)}`;
}

function logoResponse(branding: Branding): Response {
  const { mediaType, bytes } = logoContent(branding.logo);
  return new Response(new Uint8Array(bytes), {
    headers: {
      'content-type': mediaType,
      'x-content-type-options': 'nosniff',
      'cache-control': 'public, max-age=300',
    },
  });
}
