import { z } from 'zod';

const hexColour = z.string().regex(/^#[0-9a-fA-F]{6}$/, 'Une couleur au format #RRGGBB.');

/** The text and link colours of the portal's pages, read on the secondary colour (footer, table headers). */
const PAGE_TEXT = '#1e1e1e';
const PAGE_LINK = '#0b4fa8';

/**
 * The contrast ratio of two colours as WCAG 2.1 defines it (relative luminance, 1.4.3): from 1:1
 * to 21:1. Written from the definition rather than taken from a colour library: it is the one
 * formula we need, and the same code runs in the API's check and the page's live preview.
 */
export function contrastRatio(first: string, second: string): number {
  const [lighter, darker] = [luminance(first), luminance(second)].sort((a, b) => b - a) as [number, number];
  return (lighter + 0.05) / (darker + 0.05);
}

function luminance(hex: string): number {
  const [red, green, blue] = [1, 3, 5].map((start) => {
    const channel = Number.parseInt(hex.slice(start, start + 2), 16) / 255;
    return channel <= 0.04045 ? channel / 12.92 : ((channel + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * red + 0.7152 * green + 0.0722 * blue;
}

const ratio = (value: number) => `${value.toFixed(1).replace('.', ',')}:1`;

/** The contrasts the portal's colours must hold, each with what fails in words (RGAA 3.2 and 3.3). */
export function contrastProblems(colours: { primaryColor: string; secondaryColor: string; textOnPrimary: string }): { field: 'textOnPrimary' | 'secondaryColor' | 'primaryColor'; message: string }[] {
  const problems: { field: 'textOnPrimary' | 'secondaryColor' | 'primaryColor'; message: string }[] = [];
  const onPrimary = contrastRatio(colours.textOnPrimary, colours.primaryColor);
  if (onPrimary < 4.5) problems.push({ field: 'textOnPrimary', message: `Le texte de l’en-tête sur la couleur principale n’est pas assez contrasté (${ratio(onPrimary)} ; il faut au moins 4,5:1).` });
  const onSecondary = Math.min(contrastRatio(PAGE_TEXT, colours.secondaryColor), contrastRatio(PAGE_LINK, colours.secondaryColor));
  if (onSecondary < 4.5) problems.push({ field: 'secondaryColor', message: `Le texte et les liens des pages sur la couleur secondaire ne sont pas assez contrastés (${ratio(onSecondary)} ; il faut au moins 4,5:1) : choisissez une couleur plus claire.` });
  const onWhite = contrastRatio(colours.primaryColor, '#ffffff');
  if (onWhite < 3) problems.push({ field: 'primaryColor', message: `La couleur principale se distingue mal du blanc (${ratio(onWhite)} ; il faut au moins 3:1 pour les barres et bordures qu’elle dessine).` });
  return problems;
}

/** The heaviest logo a commune may upload: it is kept in its row and sent with every page's header. */
export const LOGO_MAX_BYTES = 200 * 1024;
/** Said by the page before sending, and by the API after reading as far as the limit. */
export const LOGO_TOO_HEAVY = 'Ce fichier pèse plus de 200 ko : le logo doit peser 200 ko au plus.';

/** What a commune's administrator edits of its portal's presentation (the logo apart: it is a file, see commune-logo). */
export const communePresentationSchema = z
  .strictObject({
    branding: z.strictObject({
      primaryColor: hexColour,
      secondaryColor: hexColour,
      textOnPrimary: hexColour,
      tagline: z.string().trim().max(120, '120 caractères au plus.').optional(),
    }),
    contact: z.strictObject({
      address: z.string().trim().min(1, 'L’adresse de la mairie est obligatoire.').max(200),
      postalCode: z.string().regex(/^\d{5}$/, 'Un code postal de 5 chiffres.'),
      city: z.string().trim().min(1, 'La ville est obligatoire.').max(100),
      phone: z.string().trim().max(30).optional(),
      email: z.email('Une adresse e-mail valide.').optional(),
      website: z.url({ protocol: /^https?$/, error: 'Une adresse web commençant par https://.' }).optional(),
      openingHours: z.string().trim().max(500, '500 caractères au plus.').optional(),
    }),
  })
  .superRefine((presentation, context) => {
    for (const problem of contrastProblems(presentation.branding)) context.addIssue({ code: 'custom', path: ['branding', problem.field], message: problem.message });
  });
export type CommunePresentation = z.infer<typeof communePresentationSchema>;
