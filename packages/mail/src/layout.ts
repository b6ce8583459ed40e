import { z } from 'zod';
import { communeBrandSchema, webUrlSchema } from './brand.ts';
import { renderHtml } from './layout-html.ts';
import { renderText } from './layout-text.ts';

/**
 * The body of a message as blocks rather than markup: each renderer escapes what it
 * interpolates, and the text part says the same thing as the HTML part.
 */
export const emailBlockSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('paragraph'), text: z.string().min(1) }),
  /** Small print, e.g. what to do when the citizen did not ask for this message. */
  z.object({ kind: z.literal('note'), text: z.string().min(1) }),
  /** A call to action; the HTML part repeats the address as a plain link. */
  z.object({ kind: z.literal('button'), label: z.string().min(1), href: webUrlSchema }),
  /** A code the reader types elsewhere, shown large. */
  z.object({ kind: z.literal('code'), code: z.string().min(1) }),
]);

export const emailContentSchema = z.object({
  commune: communeBrandSchema,
  /** Also the heading of the message. */
  subject: z.string().trim().min(1),
  blocks: z.array(emailBlockSchema).min(1),
});

export type EmailBlock = z.output<typeof emailBlockSchema>;
export type EmailContent = z.input<typeof emailContentSchema>;

/** Spreads into `OutgoingMail`. */
export interface RenderedEmail {
  subject: string;
  html: string;
  text: string;
}

/** A footer entry: `label : value`, the value a link when it has an href. */
export interface FooterLine {
  label?: string;
  value: string;
  href?: string;
}

/** What both renderers draw: the validated content and the words they share. */
export interface EmailDocument extends z.output<typeof emailContentSchema> {
  footer: FooterLine[];
}

/** Throws a ZodError when a colour, a link or a required text is not acceptable. */
export function renderEmail(content: EmailContent): RenderedEmail {
  const valid = emailContentSchema.parse(content);
  const document: EmailDocument = { ...valid, footer: footerLines(valid.commune) };
  return { subject: valid.subject, html: renderHtml(document), text: renderText(document) };
}

function footerLines(commune: EmailDocument['commune']): FooterLine[] {
  const lines: FooterLine[] = [{ value: commune.name }];
  if (commune.postalAddress) lines.push({ value: commune.postalAddress });
  if (commune.phone) lines.push({ label: 'Téléphone', value: commune.phone });
  if (commune.contactEmail) {
    lines.push({ label: 'Courriel', value: commune.contactEmail, href: `mailto:${commune.contactEmail}` });
  }
  lines.push({ label: 'Portail citoyen', value: commune.portalUrl, href: commune.portalUrl });
  lines.push({ value: 'Ce message vous a été envoyé automatiquement par le portail citoyen.' });
  return lines;
}
