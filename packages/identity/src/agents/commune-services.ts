import { and, eq, ne, or } from 'drizzle-orm';
import { z } from 'zod';
import { services } from '@guichet/db';
import { recordAudit } from '../audit.ts';
import { StaffRefusal } from '../staff/staff-refusal.ts';
import type { AdministrationContext } from './commune-scope.ts';

const text = (max: number) => z.string().trim().max(max, `${max} caractères au plus.`);

/** A service as its administrator describes it (its slug is given once, at creation). */
export const serviceInputSchema = z.strictObject({
  name: text(100).min(2, 'Le nom du service est obligatoire.').regex(/[\p{L}\p{N}]/u, 'Le nom du service contient au moins une lettre ou un chiffre.'),
  description: text(500).optional(),
  email: z.email('Une adresse e-mail valide.').optional(),
  phone: text(30).optional(),
});

export const newServiceSchema = serviceInputSchema.extend({
  slug: z
    .string()
    .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'Des minuscules, chiffres et tirets, comme « eau-assainissement ».')
    .max(60)
    .optional()
    .meta({ description: 'Son nom dans les adresses et l’API ; tiré du nom s’il est omis.' }),
});

/** A slug from a French name: « Eau & assainissement » → « eau-assainissement ». */
function slugOf(name: string): string {
  return name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 60);
}

/** Creates a service of the commune; its agents are then chosen on the agents' page. */
export async function createService(context: AdministrationContext, input: z.infer<typeof newServiceSchema>) {
  const { tx, commune } = context;
  const slug = input.slug ?? (slugOf(input.name) || 'service');
  const [taken] = await tx.select({ id: services.id }).from(services).where(or(eq(services.slug, slug), eq(services.name, input.name)));
  if (taken) throw new StaffRefusal('service_taken');
  // Two administrators creating the same service at once: the second is told, not a 500.
  const [created] = await tx
    .insert(services)
    .values({ tenantId: commune.id, slug, name: input.name, description: input.description ?? null, email: input.email ?? null, phone: input.phone ?? null })
    .onConflictDoNothing()
    .returning({ id: services.id, slug: services.slug });
  if (!created) throw new StaffRefusal('service_taken');
  await audit(context, created.id, { created: slug });
  return created;
}

/** Renames a service or changes how it is reached; its slug, and so its routing, stays. */
export async function updateService(context: AdministrationContext, input: { slug: string } & z.infer<typeof serviceInputSchema>) {
  const { tx } = context;
  const [service] = await tx.select({ id: services.id, name: services.name }).from(services).where(eq(services.slug, input.slug));
  if (!service) throw new StaffRefusal('service_not_found');
  const [homonym] = await tx.select({ id: services.id }).from(services).where(and(eq(services.name, input.name), ne(services.id, service.id)));
  if (homonym) throw new StaffRefusal('service_taken');
  await tx
    .update(services)
    .set({ name: input.name, description: input.description ?? null, email: input.email ?? null, phone: input.phone ?? null, updatedAt: new Date() })
    .where(eq(services.id, service.id));
  await audit(context, service.id, { from: service.name, to: input.name });
}

async function audit(context: AdministrationContext, serviceId: string, details: Record<string, unknown>) {
  await recordAudit(context.tx, {
    epciId: context.commune.epciId,
    tenantId: context.commune.id,
    action: 'service_changed',
    actor: { kind: 'agent', id: context.actor.agentId },
    subject: { kind: 'service', id: serviceId },
    ip: context.ip,
    details,
  });
}
