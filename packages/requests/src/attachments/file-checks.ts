import { recognisableExtensions, recognisableMediaTypes, type ReceivedFile } from '@guichet/storage';
import { FileError } from './file-error.ts';

/**
 * Accepted when nothing narrower applies (a message's attachment, a vault document): documents
 * and photos as citizens have them, iPhones' HEIC included.
 */
export const DEFAULT_ACCEPTED_TYPES = ['application/pdf', 'image/jpeg', 'image/png', 'image/webp', 'image/heic', 'image/heif'] as const;

/** What an upload must satisfy: a form field's `accept` and `maxSizeBytes`, or the defaults. */
export type UploadRules = { accept: readonly string[]; maxBytes: number };

/** A received file with what the uploader said of it (its name, its declared type). */
export type IncomingFile = { received: ReceivedFile; filename: string; declaredType: string };

/** `accept` entries as a form field declares them: `application/pdf`, or a family like `image/*`. */
export function acceptsType(accept: readonly string[], mediaType: string): boolean {
  return accept.some((entry) => entry === mediaType || (entry.endsWith('/*') && mediaType.startsWith(entry.slice(0, -1))));
}

/**
 * The file's type as its bytes tell it, checked against `accept` and against what the
 * uploader claimed: a `.pdf` that is an executable, HTML or a photo is refused, so the type
 * stored and later served is always the one the bytes prove.
 */
export function checkFile(file: IncomingFile, accept: readonly string[]): { mediaType: string; filename: string } {
  const detected = file.received.detected;
  if (!detected || !acceptsType(accept, detected.mediaType)) throw new FileError({ kind: 'not_accepted', accepted: accept });
  const extension = extensionOf(file.filename);
  const claimedExtension = extension === undefined ? undefined : canonicalExtension(extension);
  if (claimedExtension !== undefined && recognisableExtensions.has(claimedExtension) && claimedExtension !== canonicalExtension(detected.extension)) {
    throw new FileError({ kind: 'mismatch', detected: detected.mediaType });
  }
  const declared = canonicalMediaType(file.declaredType);
  if (recognisableMediaTypes.has(declared) && declared !== canonicalMediaType(detected.mediaType)) {
    throw new FileError({ kind: 'mismatch', detected: detected.mediaType });
  }
  return { mediaType: detected.mediaType, filename: safeFilename(file.filename, detected.extension) };
}

/**
 * The name kept and shown for download: no folders, no control or bidirectional characters
 * (which can disguise `fdp.exe` as `exe.pdf`), nothing a file system refuses, at most 150
 * characters, and the extension of what the bytes are.
 */
export function safeFilename(name: string, extension: string): string {
  const leaf = name.normalize('NFC').split(/[\\/]/).pop() ?? '';
  const cleaned = leaf
    .replace(/\s+/g, ' ')
    .replace(/[\p{Cc}\p{Cf}"*:<>?|]/gu, '')
    .replace(/^[\s.]+|[\s.]+$/g, '');
  const own = extensionOf(cleaned);
  const kept =
    own !== undefined && canonicalExtension(own) === canonicalExtension(extension)
      ? { stem: cleaned.slice(0, -own.length - 1), extension: own }
      : { stem: cleaned, extension };
  return `${[...kept.stem].slice(0, 140).join('').trim() || 'document'}.${kept.extension}`;
}

function extensionOf(name: string): string | undefined {
  const dot = name.lastIndexOf('.');
  return dot > 0 && dot < name.length - 1 ? name.slice(dot + 1).toLowerCase() : undefined;
}

const EXTENSION_ALIASES: Record<string, string> = { jpeg: 'jpg', jpe: 'jpg', jfif: 'jpg', heif: 'heic', tiff: 'tif' };

function canonicalExtension(extension: string): string {
  const lower = extension.toLowerCase();
  return EXTENSION_ALIASES[lower] ?? lower;
}

const MEDIA_TYPE_ALIASES: Record<string, string> = {
  'image/jpg': 'image/jpeg',
  'image/pjpeg': 'image/jpeg',
  'image/heif': 'image/heic',
  'image/heic-sequence': 'image/heic',
  'image/heif-sequence': 'image/heic',
};

function canonicalMediaType(mediaType: string): string {
  const bare = mediaType.split(';')[0]!.trim().toLowerCase();
  return MEDIA_TYPE_ALIASES[bare] ?? bare;
}
