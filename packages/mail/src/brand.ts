import { z } from 'zod';

/** Links in a mail are followed by citizens: web addresses only, never `javascript:` or `data:`. */
export const webUrlSchema = z.url({ protocol: /^https?$/, error: 'Adresse web (http ou https) attendue' });

/** The colour lands in style attributes, where anything but a hex colour could inject CSS. */
const hexColourSchema = z
  .string()
  .regex(/^#(?:[0-9a-f]{3}|[0-9a-f]{6})$/i, 'Couleur attendue au format #rrggbb');

/** What a message shows of the commune that sends it. */
export const communeBrandSchema = z.object({
  name: z.string().trim().min(1),
  logoUrl: webUrlSchema.optional(),
  primaryColor: hexColourSchema,
  portalUrl: webUrlSchema,
  postalAddress: z.string().trim().min(1).optional(),
  phone: z.string().trim().min(1).optional(),
  contactEmail: z.email().optional(),
});

export type CommuneBrand = z.input<typeof communeBrandSchema>;

/** What a message shows of a commune, from its row, for its portal at `portalUrl`. */
export function communeBrand(
  commune: { name: string; branding: { primaryColor: string }; contact: { address: string; postalCode: string; city: string; phone?: string | undefined; email?: string | undefined } },
  portalUrl: string,
): CommuneBrand {
  const { contact } = commune;
  return {
    name: commune.name,
    // No logo: the portal's is an SVG, which most mail clients refuse to show.
    primaryColor: commune.branding.primaryColor,
    portalUrl,
    postalAddress: `${contact.address}, ${contact.postalCode} ${contact.city}`,
    ...(contact.phone ? { phone: contact.phone } : {}),
    ...(contact.email ? { contactEmail: contact.email } : {}),
  };
}
