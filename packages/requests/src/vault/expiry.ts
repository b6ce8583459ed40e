import { z } from 'zod';
import { parisDay } from '@guichet/deadlines';

const expiryStates = ['valid', 'expiring_soon', 'expired'] as const;
type ExpiryState = (typeof expiryStates)[number];

/** A document is "expiring soon" this many days ahead, time to renew an identity card. */
const EXPIRING_SOON_DAYS = 30;

const LABELS: Record<ExpiryState, string> = { valid: 'Valide', expiring_soon: 'Expire bientôt', expired: 'Expiré' };

/** A vault document's expiry state (`expiryOf`), as the API answers it. */
export const expirySchema = z
  .object({
    state: z.enum(expiryStates).meta({ description: '`expiring_soon` dans les 30 jours qui précèdent la date d’expiration.' }),
    label: z.string().meta({ example: 'Expire bientôt' }),
  })
  .meta({ id: 'EtatDExpiration' });

/**
 * A vault document's state on the Paris day of `now`: valid through its expiry day included
 * (a card "valable jusqu'au 1er mai" is still good on 1 May), expired the day after.
 */
export function expiryOf(expiresOn: string | null, now: Date): { state: ExpiryState; label: string } {
  const state = expiryState(expiresOn, parisDay(now));
  return { state, label: LABELS[state] };
}

function expiryState(expiresOn: string | null, today: string): ExpiryState {
  if (expiresOn === null) return 'valid';
  const daysLeft = (Date.parse(`${expiresOn}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`)) / 86_400_000;
  if (daysLeft < 0) return 'expired';
  return daysLeft <= EXPIRING_SOON_DAYS ? 'expiring_soon' : 'valid';
}
