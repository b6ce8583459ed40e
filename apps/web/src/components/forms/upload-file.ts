import type { UploadedFile } from './form-state.ts';

export type UploadOutcome =
  | { ok: true; file: UploadedFile }
  | { ok: false; title: string; detail?: string | undefined; errors?: { field: string; message: string }[] | undefined };

/**
 * Sends one file as `multipart/form-data` (field `file`, after the other `fields`). XMLHttpRequest
 * rather than fetch: only it reports the upload's progress, which a citizen on a slow line needs
 * to see.
 */
export function uploadFile(url: string, file: File, onProgress: (fraction: number) => void, fields: Record<string, string> = {}): Promise<UploadOutcome> {
  return new Promise((resolve) => {
    const request = new XMLHttpRequest();
    request.open('POST', url);
    request.responseType = 'json';
    request.setRequestHeader('Accept', 'application/json');
    request.upload.addEventListener('progress', (event) => {
      if (event.lengthComputable) onProgress(event.loaded / event.total);
    });
    request.addEventListener('load', () => {
      const body = request.response as (UploadedFile & { title?: string; detail?: string; errors?: { field: string; message: string }[] }) | null;
      if (request.status === 201 && body) return resolve({ ok: true, file: body });
      resolve({
        ok: false,
        title: body?.title ?? (request.status === 413 ? 'Fichier trop volumineux.' : 'Le fichier n’a pas pu être envoyé.'),
        detail: body?.detail,
        errors: body?.errors,
      });
    });
    // A refusal before the whole body is read (too large) can also end here, without an answer.
    request.addEventListener('error', () =>
      resolve({ ok: false, title: 'Le fichier n’a pas pu être envoyé.', detail: 'Vérifiez votre connexion à Internet et la taille du fichier, puis réessayez.' }),
    );
    const body = new FormData();
    for (const [name, value] of Object.entries(fields)) body.append(name, value);
    body.append('file', file, file.name);
    request.send(body);
  });
}

