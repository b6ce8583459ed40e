import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { citizenAccounts, type Transaction } from '@guichet/db';
import { accountById } from './accounts.ts';
import { CitizenAuthError } from './errors.ts';

/** How the citizen wants to hear from the communes, as the API answers it. */
export const notificationPreferencesSchema = z
  .object({
    notifyByEmail: z.boolean().meta({ description: 'Être prévenu par e-mail de l’avancement de ses demandes.' }),
    notifyBySms: z.boolean().meta({ description: 'Être prévenu par SMS (exige un numéro de téléphone).' }),
    phone: z.string().nullable().meta({ description: 'Le numéro de téléphone, au format international E.164.', example: '+33612345678' }),
  })
  .meta({ id: 'PreferencesDeNotification' });

export type PreferenceChanges = { notifyByEmail?: boolean | undefined; notifyBySms?: boolean | undefined; phone?: string | null | undefined };

/** How the citizen wants to hear from the communes: SMS needs a phone number. */
export async function updateNotificationPreferences(context: { tx: Transaction; accountId: string }, changes: PreferenceChanges) {
  const { tx, accountId } = context;
  const account = await accountById(tx, accountId);
  if (!account) throw new CitizenAuthError('account_not_found');
  const next = {
    notifyByEmail: changes.notifyByEmail ?? account.notifyByEmail,
    notifyBySms: changes.notifyBySms ?? account.notifyBySms,
    phone: changes.phone === undefined ? account.phone : changes.phone,
  };
  if (next.notifyBySms && !next.phone) throw new CitizenAuthError('phone_required');
  await tx
    .update(citizenAccounts)
    .set({ ...next, updatedAt: new Date() })
    .where(eq(citizenAccounts.id, accountId));
  return next;
}
