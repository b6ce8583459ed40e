import { and, eq, inArray, or, sql } from 'drizzle-orm';
import { z } from 'zod';
import { citizenRollups, scopedCommune, type Transaction } from '@guichet/db';
import { rollupRead, rollupRowsOf } from './rollup-period.ts';

export const adoptionSchema = z
  .object({
    newCitizens: z.number().int().meta({ description: 'Usagers (comptes) ayant déposé leur première demande dans la commune pendant la période.' }),
    citizens: z.number().int().meta({ description: 'Usagers ayant déposé au moins une demande dans la commune, jusqu’à la fin de la période (dans chaque commune où ils l’ont fait).' }),
    franceconnectShare: z.number().nullable().meta({ description: 'Part de ces usagers dont le compte est relié à FranceConnect, de 0 à 1.' }),
    onlineShare: z.number().nullable().meta({ description: 'Part des demandes de la période déposées en ligne (portail), les autres au guichet, par téléphone, courriel ou courrier.' }),
  })
  .nullable()
  .meta({ description: 'L’adoption du portail par les usagers ; null quand les chiffres sont restreints à un canal, un service ou une démarche.' });
export type Adoption = z.infer<typeof adoptionSchema>;

/** From the beginning: the citizens who have filed so far add up every arrival before. */
const SINCE_EVER = '2000-01-01';

/**
 * The commune's (or communes') citizens who filed: those who arrived in the period (their
 * account's first request there), and all who had arrived by its end, with the share linked to
 * FranceConnect; read from the citizen rollups, one row per commune and day or month.
 */
export async function citizenAdoption(tx: Transaction, query: { du: string; au: string; tenantIds?: readonly string[] | undefined }): Promise<Omit<NonNullable<Adoption>, 'onlineShare'>> {
  const inPeriod = rollupRowsOf(citizenRollups, query).inlineParams();
  const soFar = rollupRowsOf(citizenRollups, { du: SINCE_EVER, au: query.au }).inlineParams();
  const [row] = await rollupRead<{ new_citizens: number | null; citizens: number | null; franceconnect: number | null }>(
    tx,
    tx
      .select({
        newCitizens: sql<number>`sum(${citizenRollups.newCitizens}) filter (where ${inPeriod})::int`.as('new_citizens'),
        citizens: sql<number>`sum(${citizenRollups.newCitizens}) filter (where ${soFar})::int`.as('citizens'),
        franceconnect: sql<number>`sum(${citizenRollups.franceconnect}) filter (where ${soFar})::int`.as('franceconnect'),
      })
      .from(citizenRollups)
      .where(and(query.tenantIds ? inArray(citizenRollups.tenantId, [...query.tenantIds]) : eq(citizenRollups.tenantId, scopedCommune), or(inPeriod, soFar))!.inlineParams()),
  );
  const citizens = row?.citizens ?? 0;
  return {
    newCitizens: row?.new_citizens ?? 0,
    citizens,
    franceconnectShare: citizens === 0 ? null : Math.round(((row?.franceconnect ?? 0) / citizens) * 1000) / 1000,
  };
}
