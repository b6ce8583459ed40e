import { z } from 'zod';

/** The form sent beside a vault document's file; an empty expiry field means "no expiry". */
export const vaultDocumentInputSchema = z.strictObject({
  title: z.string({ error: 'Donnez un titre au document.' }).trim().min(1, 'Donnez un titre au document.').max(200, 'Le titre fait au plus 200 caractères.'),
  expiresOn: z.preprocess(
    (value) => (value === '' ? undefined : value),
    z.iso.date({ error: "Date d'expiration invalide (AAAA-MM-JJ)." }).optional(),
  ),
});
export type VaultDocumentInput = z.infer<typeof vaultDocumentInputSchema>;
