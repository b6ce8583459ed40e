import type { UploadedFile } from './form-state.ts';

export type UploadOutcome = { ok: true; file: UploadedFile } | { ok: false; title: string; detail?: string | undefined };

/**
 * Sends one file as `multipart/form-data` (field `file`). XMLHttpRequest rather than fetch:
 * only it reports the upload's progress, which a citizen on a slow line needs to see.
 */
export function uploadFile(url: string, file: File, onProgress: (fraction: number) => void): Promise<UploadOutcome> {
  return new Promise((resolve) => {
    const request = new XMLHttpRequest();
    request.open('POST', url);
    request.responseType = 'json';
    request.setRequestHeader('Accept', 'application/json');
    request.upload.addEventListener('progress', (event) => {
      if (event.lengthComputable) onProgress(event.loaded / event.total);
    });
    request.addEventListener('load', () => {
      const body = request.response as (UploadedFile & { title?: string; detail?: string }) | null;
      if (request.status === 201 && body) return resolve({ ok: true, file: body });
      resolve({
        ok: false,
        title: body?.title ?? (request.status === 413 ? 'Fichier trop volumineux.' : 'Le fichier n’a pas pu être envoyé.'),
        detail: body?.detail,
      });
    });
    // A refusal before the whole body is read (too large) can also end here, without an answer.
    request.addEventListener('error', () =>
      resolve({ ok: false, title: 'Le fichier n’a pas pu être envoyé.', detail: 'Vérifiez votre connexion à Internet et la taille du fichier, puis réessayez.' }),
    );
    const body = new FormData();
    body.append('file', file, file.name);
    request.send(body);
  });
}

const formatLabels: Record<string, string> = {
  'application/pdf': 'PDF',
  'image/jpeg': 'JPEG',
  'image/png': 'PNG',
  'image/webp': 'WebP',
  'image/heic': 'HEIC',
  'image/heif': 'HEIF',
  'image/*': 'images',
};

/** "PDF", "JPEG", as the server names formats in its refusals. */
export const formatLabel = (mediaType: string) => formatLabels[mediaType] ?? mediaType.split('/')[1]!.toUpperCase();

/** "2,5 Mo", "300 ko". */
export function fileSize(bytes: number): string {
  if (bytes < 1024 * 1024) return `${Math.max(1, Math.round(bytes / 1024))} ko`;
  const value = bytes / (1024 * 1024);
  return `${Number.isInteger(value) ? value : value.toFixed(1).replace('.', ',')} Mo`;
}
