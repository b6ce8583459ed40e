import { z } from 'zod';
import { normalizeFrenchPhone } from '@guichet/forms';

/** The citizen-facing inputs, with the French messages shown beside each field. */

export const emailInput = z
  .string({ error: 'Saisissez votre adresse e-mail.' })
  .trim()
  .min(1, 'Saisissez votre adresse e-mail.')
  .max(254, 'Cette adresse e-mail est trop longue.')
  .pipe(z.email({ error: 'Saisissez une adresse e-mail valide, par exemple nom@exemple.fr.' }));

/**
 * At least 12 characters (ANSSI's advice for a password alone), at most 128 so that hashing
 * stays cheap for us; no composition rules, which push people to predictable patterns.
 */
export const newPasswordInput = z
  .string({ error: 'Choisissez un mot de passe.' })
  .min(12, 'Le mot de passe doit contenir au moins 12 caractères.')
  .max(128, 'Le mot de passe ne doit pas dépasser 128 caractères.');

/** A password being checked, not chosen: no policy, which would tell what the stored one is not. */
export const passwordInput = z.string({ error: 'Saisissez votre mot de passe.' }).min(1, 'Saisissez votre mot de passe.').max(1024);

export const tokenInput = z.string({ error: 'Le lien utilisé est incomplet.' }).regex(/^[A-Za-z0-9_-]{20,100}$/, 'Le lien utilisé est incomplet ou abîmé.');

export const returnPathInput = z.string().max(512).optional();

export const signUpInput = z.object({
  email: emailInput,
  password: newPasswordInput,
  acceptTerms: z.literal(true, { error: 'Vous devez accepter les conditions d’utilisation pour créer un compte.' }),
});

export const signInInput = z.object({ email: emailInput, password: passwordInput, returnTo: returnPathInput });

export const emailOnlyInput = z.object({ email: emailInput });

export const verifyEmailInput = z.object({ token: tokenInput });

export const resetPasswordInput = z.object({ token: tokenInput, password: newPasswordInput });

export const linkProofInput = z.discriminatedUnion('method', [
  z.object({ method: z.literal('password'), password: passwordInput }),
  z.object({ method: z.literal('code'), code: z.string({ error: 'Saisissez le code reçu.' }).trim().regex(/^\d{6}$/, 'Le code comporte 6 chiffres.') }),
]);

export const setPasswordInput = z.object({ currentPassword: z.string().max(1024).optional(), newPassword: newPasswordInput });

export const preferencesInput = z
  .object({
    notifyByEmail: z.boolean().optional(),
    notifyBySms: z.boolean().optional(),
    phone: z
      .string()
      .trim()
      .nullable()
      .optional()
      .transform((value, context) => {
        if (value === undefined || value === null || value === '') return value === '' ? null : value;
        const phone = normalizeFrenchPhone(value);
        if (!phone) {
          context.addIssue({ code: 'custom', message: 'Saisissez un numéro de téléphone français, par exemple 06 12 34 56 78.' });
          return z.NEVER;
        }
        return phone;
      }),
  })
  .strict();
