import { eq, sql } from 'drizzle-orm';
import { tenants } from '@guichet/db';
import type { CommunePresentation } from '@guichet/tenants/presentation';
import { recordAudit } from '../audit.ts';
import type { AdministrationContext, CommuneScope } from './commune-scope.ts';

/** The commune's presentation as its administrator edits it; the logo has its own upload (replaceCommuneLogo). */
export async function readCommunePresentation(scope: CommuneScope): Promise<CommunePresentation> {
  const [row] = await scope.tx.select({ branding: tenants.branding, contact: tenants.contact }).from(tenants).where(eq(tenants.id, scope.commune.id));
  const { logo: _logo, ...branding } = row!.branding;
  return { branding, contact: row!.contact };
}

/**
 * Saves the commune's colours, tagline and contact details (checked for contrast by the schema).
 * The database lets the application role change these two columns of its own commune only; the
 * change is audited, and a new load of the tenant files keeps it unless the file's own entry
 * changes (see loadTenants).
 */
export async function updateCommunePresentation(context: AdministrationContext, input: CommunePresentation): Promise<void> {
  const { tx, commune } = context;
  // One statement on the current row: a logo uploaded meanwhile stays.
  await tx
    .update(tenants)
    .set({ branding: sql`${JSON.stringify(input.branding)}::jsonb || jsonb_build_object('logo', ${tenants.branding}->'logo')`, contact: input.contact, updatedAt: new Date() })
    .where(eq(tenants.id, commune.id));
  await recordAudit(tx, {
    epciId: commune.epciId,
    tenantId: commune.id,
    action: 'presentation_changed',
    actor: { kind: 'agent', id: context.actor.agentId },
    ip: context.ip,
  });
}
