import { DARK_TEXT, linkColourOnWhite, textColourOn } from './contrast.ts';
import type { EmailBlock, EmailDocument, FooterLine } from './layout.ts';

// Mail clients drop <style> blocks and ignore most layout CSS: tables and inline styles
// are what renders the same in Outlook, Gmail and a phone.

const FONT = 'font-family:Arial,Helvetica,sans-serif;';
const MUTED_TEXT = '#3a3a3a';
const PAGE_BACKGROUND = '#f6f6f6';
const FOOTER_BACKGROUND = '#eeeeee';

export function renderHtml({ commune, subject, blocks, footer }: EmailDocument): string {
  const link = linkColourOnWhite(commune.primaryColor);
  const body = blocks.map((block) => renderBlock(block, commune.primaryColor, link)).join('\n');
  return `<!DOCTYPE html>
<html lang="fr" dir="ltr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light">
<title>${escapeHtml(subject)}</title>
</head>
<body style="margin:0;padding:0;background-color:${PAGE_BACKGROUND};">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="background-color:${PAGE_BACKGROUND};">
<tr><td align="center" style="padding:24px 12px;">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="max-width:600px;background-color:#ffffff;border-top:6px solid ${commune.primaryColor};">
<tr><td style="padding:24px 32px 0 32px;${FONT}color:${DARK_TEXT};">
${renderMasthead(commune.name, commune.logoUrl)}
</td></tr>
<tr><td style="padding:8px 32px 32px 32px;${FONT}font-size:16px;line-height:1.5;color:${DARK_TEXT};">
<h1 style="margin:16px 0 24px 0;font-size:24px;line-height:1.3;">${escapeHtml(subject)}</h1>
${body}
</td></tr>
<tr><td style="padding:24px 32px;background-color:${FOOTER_BACKGROUND};${FONT}font-size:14px;line-height:1.5;color:${MUTED_TEXT};">
${footer.map((line) => renderFooterLine(line)).join('\n')}
</td></tr>
</table>
</td></tr>
</table>
</body>
</html>
`;
}

/** The logo carries the commune's name as its alternative, which shows when images are blocked. */
function renderMasthead(name: string, logoUrl: string | undefined): string {
  if (!logoUrl) return `<p style="margin:0;font-size:20px;font-weight:bold;">${escapeHtml(name)}</p>`;
  return `<img src="${escapeHtml(logoUrl)}" alt="${escapeHtml(name)}" height="56" style="display:block;height:56px;width:auto;border:0;font-size:20px;font-weight:bold;">`;
}

function renderBlock(block: EmailBlock, primary: string, link: string): string {
  switch (block.kind) {
    case 'paragraph':
      return `<p style="margin:0 0 16px 0;">${escapeHtml(block.text)}</p>`;
    case 'note':
      return `<p style="margin:0 0 16px 0;font-size:14px;color:${MUTED_TEXT};">${escapeHtml(block.text)}</p>`;
    case 'code':
      return `<p style="margin:24px 0;font-family:'Courier New',Courier,monospace;font-size:32px;font-weight:bold;letter-spacing:8px;">${escapeHtml(block.code)}</p>`;
    case 'button':
      return renderButton(block.label, block.href, primary, link);
  }
}

/** Some clients strip styled links or block the button; the bare address always works. */
function renderButton(label: string, href: string, primary: string, link: string): string {
  const url = escapeHtml(href);
  return `<table role="presentation" cellpadding="0" cellspacing="0" border="0" style="margin:24px 0;"><tr>
<td style="border-radius:4px;background-color:${primary};">
<a href="${url}" style="display:inline-block;padding:12px 24px;${FONT}font-size:16px;font-weight:bold;color:${textColourOn(primary)};text-decoration:none;border-radius:4px;">${escapeHtml(label)}</a>
</td></tr></table>
<p style="margin:0 0 16px 0;font-size:14px;">Si le bouton ne fonctionne pas, copiez ce lien dans votre navigateur\u00a0:<br>
<a href="${url}" style="color:${link};text-decoration:underline;word-break:break-all;">${url}</a></p>`;
}

function renderFooterLine({ label, value, href }: FooterLine): string {
  const shown = href
    ? `<a href="${escapeHtml(href)}" style="color:${MUTED_TEXT};text-decoration:underline;">${escapeHtml(value)}</a>`
    : escapeHtml(value);
  const prefix = label ? `${escapeHtml(label)}\u00a0: ` : '';
  return `<p style="margin:0 0 4px 0;">${prefix}${shown}</p>`;
}

const HTML_ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (character) => HTML_ENTITIES[character] ?? character);
}
