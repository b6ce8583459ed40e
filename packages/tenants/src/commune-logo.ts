import { crc32 } from 'node:zlib';
import { LOGO_MAX_BYTES, LOGO_TOO_HEAVY } from './commune-presentation.ts';

/** A header shows it at 56 px; past this a PNG is a photograph, not a logo. */
const PNG_MAX_SIDE = 4096;

type LogoFormat = 'svg' | 'png';
/** A logo as kept in `tenants.branding.logo`: a data URL that only `checkLogo` makes. */
export type CheckedLogo = { dataUrl: string; format: LogoFormat; bytes: number };
type LogoRefusalCode = 'too_large' | 'not_an_image' | 'unreadable_png' | 'png_too_large' | 'empty_svg';

/** Why an uploaded logo is refused, in French for the administrator, on the upload's `file` field. */
export class LogoRefusal extends Error {
  readonly code: LogoRefusalCode;
  constructor(code: LogoRefusalCode, message: string) {
    super(message);
    this.name = 'LogoRefusal';
    this.code = code;
  }
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const PNG_END = Buffer.concat([Buffer.from([0, 0, 0, 0]), Buffer.from('IEND', 'latin1'), Buffer.from([0xae, 0x42, 0x60, 0x82])]);
const SVG_NAMESPACE = 'http://www.w3.org/2000/svg';
// What an href may name: a part of the logo itself, or a raster image embedded in it. Anything
// else would have the browser fetch a file (a tracker, another SVG) the sanitiser never saw.
const INTERNAL_REFERENCE = /^\s*(#|data:image\/(png|jpeg|gif|webp);base64,)/i;
// A presentation attribute is read as CSS: it reaches outside through url() (url(#gradient) stays
// inside the logo), image-set() and the like, or an escape that spells one of them.
const EXTERNAL_CSS = /url\(\s*['"]?\s*(?!['"#\s])|image-set\(|image\(|src\(|\\/i;

/**
 * Reads an uploaded logo: a PNG whose header holds (signature, IHDR with its checksum, IEND at
 * the end, sane dimensions), or an SVG rewritten from what DOMPurify's SVG profile keeps, without
 * script, event handlers, foreignObject or any reference outside the file. Throws LogoRefusal.
 */
export async function checkLogo(bytes: Buffer): Promise<CheckedLogo> {
  if (bytes.length > LOGO_MAX_BYTES) throw tooHeavyLogo();
  if (bytes.subarray(0, PNG_SIGNATURE.length).equals(PNG_SIGNATURE)) {
    checkPng(bytes);
    return { dataUrl: `data:image/png;base64,${bytes.toString('base64')}`, format: 'png', bytes: bytes.length };
  }
  const svg = await sanitiseSvg(readText(bytes));
  const clean = Buffer.from(svg, 'utf8');
  // Written back as XML, a text may grow (each `>` escaped): the limit holds for what is kept.
  if (clean.length > LOGO_MAX_BYTES) throw tooHeavyLogo();
  return { dataUrl: `data:image/svg+xml;base64,${clean.toString('base64')}`, format: 'svg', bytes: clean.length };
}

/** The media type and bytes of a stored logo (a data URL, from a tenant file or an upload). */
export function logoContent(dataUrl: string): { mediaType: string; bytes: Buffer } {
  const [head = '', base64 = ''] = dataUrl.split(',', 2);
  return { mediaType: head.startsWith('data:image/png') ? 'image/png' : 'image/svg+xml', bytes: Buffer.from(base64, 'base64') };
}

function checkPng(bytes: Buffer): void {
  const unreadable = new LogoRefusal('unreadable_png', 'Ce fichier commence comme une image PNG mais son contenu est illisible : enregistrez-le de nouveau depuis votre logiciel de dessin.');
  if (bytes.length < 8 + 25 + PNG_END.length) throw unreadable;
  if (bytes.readUInt32BE(8) !== 13 || bytes.toString('latin1', 12, 16) !== 'IHDR') throw unreadable;
  if (crc32(bytes.subarray(12, 29)) !== bytes.readUInt32BE(29)) throw unreadable;
  if (!bytes.subarray(bytes.length - PNG_END.length).equals(PNG_END)) throw unreadable;
  const width = bytes.readUInt32BE(16);
  const height = bytes.readUInt32BE(20);
  if (width === 0 || height === 0) throw unreadable;
  if (width > PNG_MAX_SIDE || height > PNG_MAX_SIDE) {
    throw new LogoRefusal('png_too_large', `Cette image mesure ${width} × ${height} pixels : ${PNG_MAX_SIDE} pixels au plus de côté.`);
  }
}

/** A logo refused for its weight, read no further than the limit. */
export const tooHeavyLogo = () => new LogoRefusal('too_large', LOGO_TOO_HEAVY);
const notAnImage = () => new LogoRefusal('not_an_image', 'Le logo doit être une image SVG ou PNG.');

function readText(bytes: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw notAnImage();
  }
}

async function sanitiseSvg(text: string): Promise<string> {
  if (!/<svg[\s>]/i.test(text)) throw notAnImage();
  // Loaded on the first upload only: jsdom takes a good part of a second to load, and nothing else needs it.
  const [{ JSDOM }, { default: createDOMPurify }] = await Promise.all([import('jsdom'), import('dompurify')]);
  const { window } = new JSDOM('');
  try {
    const purify = createDOMPurify(window as unknown as Parameters<typeof createDOMPurify>[0]);
    purify.addHook('uponSanitizeAttribute', (_node, data) => {
      const reference = data.attrName === 'href' || data.attrName === 'xlink:href';
      if (reference ? !INTERNAL_REFERENCE.test(data.attrValue) : EXTERNAL_CSS.test(data.attrValue)) data.keepAttr = false;
    });
    // `use` repeats a shape of the logo (its href is held to the logo by the hook above).
    // Style sheets and style attributes are CSS a filter cannot fully read (escapes, @import): a
    // logo draws with presentation attributes.
    const fragment = purify.sanitize(text, {
      USE_PROFILES: { svg: true, svgFilters: true },
      ADD_TAGS: ['use'],
      FORBID_TAGS: ['foreignObject', 'style'],
      FORBID_ATTR: ['style'],
      RETURN_DOM_FRAGMENT: true,
    });
    const root = [...fragment.children].find((element) => element.namespaceURI === SVG_NAMESPACE && element.localName === 'svg');
    if (!root || root.children.length === 0) throw new LogoRefusal('empty_svg', 'Ce fichier SVG ne dessine rien une fois retirés les scripts et les références externes.');
    // Parsed as HTML (the parser DOMPurify is written for), written back as XML: an SVG file must be well-formed.
    return new window.XMLSerializer().serializeToString(root);
  } finally {
    window.close();
  }
}
