import { z } from 'zod';
import { statementIn, type Transaction } from '@guichet/db';

const queueCountsSchema = z.object({
  queue: z.string().meta({ description: 'Ce que la file fait (« Courriels », « Avis aux usagers »…).' }),
  waiting: z.int().meta({ description: 'Travaux en attente ou à réessayer.' }),
  active: z.int().meta({ description: 'Travaux en cours.' }),
  failed: z.int().meta({ description: 'Travaux abandonnés après leurs essais.' }),
});

export const communeHealthSchema = z
  .object({
    slug: z.string(),
    name: z.string(),
    open: z.int().meta({ description: 'Demandes ouvertes.' }),
    overdue: z.int().meta({ description: 'Demandes ouvertes dont l’échéance est passée.' }),
    oldestOpenDays: z.int().nullable().meta({ description: 'L’âge en jours de la plus ancienne demande ouverte ; null sans demande ouverte.' }),
    queues: z.array(queueCountsSchema).meta({ description: 'Les files de travaux de la commune qui en ont en attente, en cours ou abandonnés : des nombres seulement.' }),
  })
  .meta({ id: 'SanteCommune' });
export type CommuneHealth = z.infer<typeof communeHealthSchema>;

/**
 * Each member commune's open and overdue requests and its jobs waiting, running or failed, as
 * counts only. The job tables have no row-level security and their payloads hold addresses and
 * one-time links: a job is attributed to its commune by the `tenantId` its payload names, and
 * nothing else of it leaves the database.
 */
export async function communeHealth(
  tx: Transaction,
  communes: readonly { id: string; slug: string; name: string }[],
  labelOf: (queue: string) => string,
): Promise<CommuneHealth[]> {
  const ids = communes.map((commune) => commune.id);
  const [requests, jobs] = await Promise.all([
    statementIn<{ tenant_id: string; open: number; overdue: number; oldest_days: number | null }>(
      tx,
      `select tenant_id, count(*)::int as open, count(*) filter (where due_at < now())::int as overdue,
              floor(extract(epoch from now() - min(filed_at)) / 86400)::int as oldest_days
         from requests
        where tenant_id = any($1::uuid[]) and closed_at is null
        group by tenant_id`,
      [ids],
    ),
    statementIn<{ tenant_id: string; name: string; waiting: number; active: number; failed: number }>(
      tx,
      `select data ->> 'tenantId' as tenant_id, name,
              count(*) filter (where state in ('created', 'retry'))::int as waiting,
              count(*) filter (where state = 'active')::int as active,
              count(*) filter (where state = 'failed')::int as failed
         from pgboss.job
        where state in ('created', 'retry', 'active', 'failed') and data ->> 'tenantId' = any($1::text[])
        group by 1, 2
        order by 2`,
      [ids],
    ),
  ]);
  return communes.map((commune) => {
    const own = requests.find((row) => row.tenant_id === commune.id);
    return {
      slug: commune.slug,
      name: commune.name,
      open: own?.open ?? 0,
      overdue: own?.overdue ?? 0,
      oldestOpenDays: own?.oldest_days ?? null,
      queues: jobs
        .filter((row) => row.tenant_id === commune.id)
        .map((row) => ({ queue: labelOf(row.name), waiting: row.waiting, active: row.active, failed: row.failed })),
    };
  });
}
