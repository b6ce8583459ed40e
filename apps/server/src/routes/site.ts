import { asc, eq } from 'drizzle-orm';
import { Hono } from 'hono';
import { tenants, type Branding, type Database, type Epci, type Tenant } from '@guichet/db';
import type { AppEnv } from '../env.ts';
import { requireCommune, requireEpci } from '../middleware/site.ts';

/** Public profile of the commune or EPCI the Host designates: what a portal shows before sign-in. */
export function siteRoutes(db: Database, platformDomain: string) {
  return new Hono<AppEnv>()
    .get('/commune', requireCommune, (c) => {
      const { tenant, epci } = c.var.site;
      return c.json(communeProfile(tenant, epci));
    })
    .get('/commune/logo.svg', (c) => {
      const branding = c.var.site.kind === 'commune' ? c.var.site.tenant.branding : c.var.site.epci.branding;
      return svgResponse(branding);
    })
    .get('/epci', requireEpci, async (c) => {
      const { epci } = c.var.site;
      const members = await db.select().from(tenants).where(eq(tenants.epciId, epci.id)).orderBy(asc(tenants.name));
      const origin = new URL(c.req.url);
      return c.json({
        slug: epci.slug,
        name: epci.name,
        siren: epci.siren,
        branding: publicBranding(epci.branding),
        communes: members.map((member) => ({
          slug: member.slug,
          name: member.name,
          inseeCode: member.inseeCode,
          portalUrl: `${origin.protocol}//${member.slug}.${platformDomain}${origin.port ? `:${origin.port}` : ''}/`,
        })),
      });
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
  return { ...colours, logoUrl: '/api/commune/logo.svg' };
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
