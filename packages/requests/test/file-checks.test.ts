import { describe, expect, it } from 'vitest';
import { DEFAULT_ACCEPTED_TYPES, FileError, type IncomingFile } from '@guichet/requests';
import { acceptsType, checkFile, safeFilename } from '../src/attachments/file-checks.ts';

function incoming(detected: IncomingFile['received']['detected'], filename: string, declaredType = 'application/octet-stream'): IncomingFile {
  return { received: { size: 1, sha256: '', detected, open: () => { throw new Error('not read'); }, discard: async () => {} }, filename, declaredType };
}
const pdf = { mediaType: 'application/pdf', extension: 'pdf' };
const jpeg = { mediaType: 'image/jpeg', extension: 'jpg' };

function refusal(run: () => unknown) {
  try {
    run();
  } catch (error) {
    if (error instanceof FileError) return error.failure.kind;
    throw error;
  }
  return 'accepted';
}

describe('accepted types', () => {
  it('matches exact types and families like image/*', () => {
    expect(acceptsType(['application/pdf'], 'application/pdf')).toBe(true);
    expect(acceptsType(['image/*'], 'image/webp')).toBe(true);
    expect(acceptsType(['image/*'], 'application/pdf')).toBe(false);
    expect(acceptsType(['image/png'], 'image/pngx')).toBe(false);
  });
});

describe('checking a file against what it claims', () => {
  it('refuses bytes of no known format, and formats not accepted', () => {
    expect(refusal(() => checkFile(incoming(undefined, 'lettre.pdf'), DEFAULT_ACCEPTED_TYPES))).toBe('not_accepted');
    expect(refusal(() => checkFile(incoming({ mediaType: 'application/x-msdownload', extension: 'exe' }, 'lettre.pdf'), DEFAULT_ACCEPTED_TYPES))).toBe('not_accepted');
    expect(refusal(() => checkFile(incoming(jpeg, 'photo.jpg'), ['application/pdf']))).toBe('not_accepted');
  });

  it('refuses a name or a declared type that says another recognisable format', () => {
    expect(refusal(() => checkFile(incoming(jpeg, 'releve.pdf'), DEFAULT_ACCEPTED_TYPES))).toBe('mismatch');
    expect(refusal(() => checkFile(incoming(pdf, 'releve.exe'), DEFAULT_ACCEPTED_TYPES))).toBe('mismatch');
    expect(refusal(() => checkFile(incoming(jpeg, 'photo.jpg', 'image/png'), DEFAULT_ACCEPTED_TYPES))).toBe('mismatch');
  });

  it('takes the usual spellings of one format as the same claim', () => {
    for (const name of ['photo.JPEG', 'photo.jpe', 'photo.jfif', 'photo.Jpg']) {
      expect(checkFile(incoming(jpeg, name, 'image/pjpeg'), DEFAULT_ACCEPTED_TYPES).mediaType, name).toBe('image/jpeg');
    }
    expect(checkFile(incoming(pdf, 'note', 'application/pdf; charset=binary'), DEFAULT_ACCEPTED_TYPES)).toEqual({ mediaType: 'application/pdf', filename: 'note.pdf' });
  });
});

describe('the kept file name', () => {
  it.each([
    ['C:\\Users\\camille\\Documents\\facture.pdf', 'facture.pdf'],
    ['../../etc/passwd', 'passwd.pdf'],
    ['photo\u202Egnp.pdf', 'photognp.pdf'],
    ['  ..relevé\tde  compte .PDF  ', 'relevé de compte.pdf'],
    ['<bilan> "2025"?.pdf', 'bilan 2025.pdf'],
    ['.pdf', 'pdf.pdf'],
    ['', 'document.pdf'],
    ['rapport.v2', 'rapport.v2.pdf'],
  ])('keeps %j as %j', (name, kept) => {
    expect(safeFilename(name, 'pdf')).toBe(kept);
  });

  it('keeps at most 140 characters before the extension, and composes accents', () => {
    expect(safeFilename(`${'é'.repeat(300)}.pdf`, 'pdf')).toBe(`${'é'.repeat(140)}.pdf`);
    expect(safeFilename('re\u0301sume\u0301.pdf', 'pdf')).toBe('résumé.pdf');
  });
});
