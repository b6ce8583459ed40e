import { multipartBody, type HttpClient, type MultipartFile } from '@guichet/testing';

/** Posts a file as a browser's form would, with the session cookie given or the client's own cookies. */
export async function upload(
  client: HttpClient,
  path: string,
  file: MultipartFile | undefined,
  options: { cookie?: string; fields?: Record<string, string>; announceLength?: boolean; method?: 'POST' | 'PUT' } = {},
): Promise<Response> {
  const { body, contentType } = await multipartBody(options.fields ?? {}, file);
  const headers: Record<string, string> = { 'content-type': contentType };
  if (options.cookie) headers.cookie = options.cookie;
  // Without it the body goes chunked, so the server cannot know the size before reading.
  if (options.announceLength) headers['content-length'] = String(body.length);
  return client.request(path, { method: options.method ?? 'POST', body, headers });
}

export const pdfFile = (bytes: Buffer, name = 'justificatif.pdf'): MultipartFile => ({ name, type: 'application/pdf', bytes });
export const pngFile = (bytes: Buffer, name = 'photo.png'): MultipartFile => ({ name, type: 'image/png', bytes });

/** Bytes stored by a job run after commit: polls until `done` holds or the time is up. */
export async function eventually(done: () => Promise<boolean>, timeoutMs = 20_000): Promise<boolean> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (await done()) return true;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return done();
}
