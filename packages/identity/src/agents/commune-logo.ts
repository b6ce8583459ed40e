import { eq } from 'drizzle-orm';
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
  const [row] = await tx.select({ branding: tenants.branding }).from(tenants).where(eq(tenants.id, commune.id));
  await tx
    .update(tenants)
    .set({ branding: { ...row!.branding, logo: logo.dataUrl }, updatedAt: new Date() })
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
