import { z } from 'zod';

const slug = z
  .string()
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'un identifiant en minuscules, chiffres et tirets (ex. "saint-esprit")');
const colour = z.string().regex(/^#[0-9a-fA-F]{6}$/, 'une couleur hexadécimale comme #1a5fb4');
const hostname = z
  .string()
  .regex(/^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/, 'un nom de domaine (ex. mairie-libercourt.fr)');

export const brandingSchema = z.strictObject({
  logo: z.string().regex(/\.svg$/, 'un fichier .svg placé dans le dossier de la commune'),
  primaryColor: colour,
  secondaryColor: colour,
  textOnPrimary: colour,
  tagline: z.string().min(1).optional(),
});

/** `tenants/<epci>/epci.yaml` */
export const epciFileSchema = z.strictObject({
  slug,
  name: z.string().min(3),
  siren: z.string().regex(/^\d{9}$/, 'un numéro SIREN à 9 chiffres'),
  hostnames: z.array(hostname).default([]),
  branding: brandingSchema,
});

export const serviceFileSchema = z.strictObject({
  slug,
  name: z.string().min(2),
  description: z.string().min(1).optional(),
  email: z.email('une adresse e-mail').optional(),
  phone: z.string().regex(/^0\d( ?\d\d){4}$/, 'un numéro français comme 03 21 00 00 00').optional(),
});

/** `tenants/<epci>/<commune>/commune.yaml` */
export const communeFileSchema = z
  .strictObject({
    slug,
    name: z.string().min(2),
    // Corsica's codes start with 2A / 2B; the others are five digits.
    inseeCode: z.string().regex(/^(\d{5}|2[AB]\d{3})$/, 'un code INSEE à 5 caractères (ex. 62907)'),
    hostnames: z.array(hostname).default([]),
    branding: brandingSchema,
    contact: z.strictObject({
      address: z.string().min(3),
      postalCode: z.string().regex(/^\d{5}$/, 'un code postal à 5 chiffres'),
      city: z.string().min(2),
      phone: z.string().optional(),
      email: z.email('une adresse e-mail').optional(),
      website: z.url('une adresse web').optional(),
    }),
    services: z.array(serviceFileSchema).min(1, 'au moins un service instructeur'),
  })
  .superRefine((commune, ctx) => {
    const seen = new Set<string>();
    commune.services.forEach((service, index) => {
      if (seen.has(service.slug)) {
        ctx.addIssue({ code: 'custom', path: ['services', index, 'slug'], message: `service "${service.slug}" déclaré deux fois` });
      }
      seen.add(service.slug);
    });
  });

export type EpciFile = z.infer<typeof epciFileSchema>;
export type CommuneFile = z.infer<typeof communeFileSchema>;
export type ServiceFile = z.infer<typeof serviceFileSchema>;
