import type { EmailBlock, EmailDocument, FooterLine } from './layout.ts';

/** The plain text part, for clients that do not show HTML or when the reader prefers text. */
export function renderText({ commune, subject, blocks, footer }: EmailDocument): string {
  const sections = [commune.name, subject, ...blocks.map(renderBlock), `-- \n${footer.map(renderFooterLine).join('\n')}`];
  return `${sections.join('\n\n')}\n`;
}

function renderBlock(block: EmailBlock): string {
  switch (block.kind) {
    case 'paragraph':
    case 'note':
      return block.text;
    case 'code':
      return block.code;
    // The address on a line of its own, so that clients make it clickable whole.
    case 'button':
      return `${block.label}\u00a0:\n${block.href}`;
  }
}

function renderFooterLine({ label, value }: FooterLine): string {
  return label ? `${label}\u00a0: ${value}` : value;
}
