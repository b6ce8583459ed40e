import { z } from 'zod';
import { zones } from '@guichet/deadlines';

/**
 * The working calendar of a commune: its holiday zone, the days its offices close besides
 * public holidays (a "pont", the local fête), and how many working days a first contact may
 * wait for an acknowledgement before it is flagged.
 */
export const calendarSchema = z.strictObject({
  zone: z.enum(zones, { error: `Zone inconnue : ${zones.join(', ')}.` }).default('metropole'),
  closures: z.array(z.iso.date({ error: 'Une date AAAA-MM-JJ est attendue.' })).max(200, '200 jours de fermeture au plus.').default([]),
  acknowledgementDelayDays: z.int({ error: 'Un nombre entier de jours ouvrés.' }).min(0, 'Entre 0 et 30 jours ouvrés.').max(30, 'Entre 0 et 30 jours ouvrés.').default(2),
});

export type CommuneCalendar = z.output<typeof calendarSchema>;

/** A commune that declares nothing follows metropolitan holidays and acknowledges within 2 days. */
export const defaultCalendar: CommuneCalendar = calendarSchema.parse({});
