import { communeSettings, type Transaction } from '@guichet/db';
import { calendarSchema, defaultCalendar, type CommuneCalendar } from './calendar.ts';
import type { Sector } from './sectors.ts';

/**
 * The calendar and sectors of the commune of `tx` (a `withTenant` transaction): what due dates,
 * acknowledgement checks and sector routing need. A commune without a catalogue file gets the
 * default calendar and no sectors.
 */
export async function readCommuneSettings({ tx }: { tx: Transaction }): Promise<CommuneSettings> {
  const [row] = await tx.select({ calendar: communeSettings.calendar, sectors: communeSettings.sectors }).from(communeSettings);
  return communeSettingsFrom(row ?? null);
}

export type CommuneSettings = { calendar: CommuneCalendar; sectors: Sector[] };

/** The settings of a `commune_settings` row read along with something else (`null`: the commune has none). */
export function communeSettingsFrom(row: { calendar: unknown; sectors: Sector[] } | null): CommuneSettings {
  if (!row) return { calendar: defaultCalendar, sectors: [] };
  // Written validated by the loader; parsed again for the zone's type.
  return { calendar: calendarSchema.parse(row.calendar), sectors: row.sectors };
}

/**
 * The administrator's calendar for the commune of `tx`: due dates computed from now on follow it
 * (those already set stay as announced). A new load of `catalogue.yaml` keeps it unless the
 * file's own calendar changes.
 */
export async function updateCommuneCalendar({ tx, tenantId }: { tx: Transaction; tenantId: string }, calendar: CommuneCalendar): Promise<void> {
  const closures = [...new Set(calendar.closures)].sort();
  await tx
    .insert(communeSettings)
    .values({ tenantId, calendar: { ...calendar, closures } })
    .onConflictDoUpdate({ target: communeSettings.tenantId, set: { calendar: { ...calendar, closures }, updatedAt: new Date() } });
}
