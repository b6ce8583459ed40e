import { eq, sql } from 'drizzle-orm';
import { tenants } from '@guichet/db';
import type { CheckedLogo } from '@guichet/tenants/logo';
import { recordAudit } from '../audit.ts';
import type { AdministrationContext } from './commune-scope.ts';

/**
 * Replaces the commune's logo with one `checkLogo` accepted, in the same column the tenant file
 * fills: a new load of the files keeps it unless the file's own logo changes (see loadTenants).
 * Audited with its format and weight.
 */
export async function replaceCommuneLogo(context: AdministrationContext, logo: CheckedLogo): Promise<void> {
  const { tx, commune } = context;
  // One statement on the current row: a presentation saved meanwhile keeps its colours.
  await tx
    .update(tenants)
    .set({ branding: sql`jsonb_set(${tenants.branding}, '{logo}', to_jsonb(${logo.dataUrl}::text))`, updatedAt: new Date() })
    .where(eq(tenants.id, commune.id));
  await recordAudit(tx, {
    epciId: commune.epciId,
    tenantId: commune.id,
    action: 'logo_changed',
    actor: { kind: 'agent', id: context.actor.agentId },
    ip: context.ip,
    details: { format: logo.format, bytes: logo.bytes },
  });
}
