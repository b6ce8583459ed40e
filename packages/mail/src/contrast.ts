// WCAG 2.1 contrast, so that a commune's colour never makes a button or link unreadable
// (RGAA 3.2: 4.5:1 for text).

export const DARK_TEXT = '#1e1e1e';
const WHITE = '#ffffff';
const MINIMUM_TEXT_CONTRAST = 4.5;

/** White or dark, whichever reads better on this background; one of them always reaches 4.5:1. */
export function textColourOn(background: string): string {
  return contrastRatio(WHITE, background) >= contrastRatio(DARK_TEXT, background) ? WHITE : DARK_TEXT;
}

/** The commune's colour for links on white when it is readable there, dark text otherwise. */
export function linkColourOnWhite(primary: string): string {
  return contrastRatio(primary, WHITE) >= MINIMUM_TEXT_CONTRAST ? primary : DARK_TEXT;
}

export function contrastRatio(first: string, second: string): number {
  const [lighter, darker] = [luminance(first), luminance(second)].sort((a, b) => b - a) as [number, number];
  return (lighter + 0.05) / (darker + 0.05);
}

function luminance(hex: string): number {
  const [red, green, blue] = channels(hex).map(linear) as [number, number, number];
  return 0.2126 * red + 0.7152 * green + 0.0722 * blue;
}

function linear(channel: number): number {
  const value = channel / 255;
  return value <= 0.04045 ? value / 12.92 : ((value + 0.055) / 1.055) ** 2.4;
}

/** `#rgb` or `#rrggbb`, already validated by the brand schema. */
function channels(hex: string): number[] {
  const digits = hex.slice(1);
  const full = digits.length === 3 ? [...digits].map((digit) => digit + digit).join('') : digits;
  return [0, 2, 4].map((start) => Number.parseInt(full.slice(start, start + 2), 16));
}
