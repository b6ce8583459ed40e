export const DEFAULT_RETURN_PATH = '/mon-compte';

/**
 * Where to send the citizen after signing in: a path of this very portal, nothing else, so that
 * `?retour=` cannot be turned into an open redirect (`//evil.example`, `/\evil.example`,
 * `https://…`, control characters) nor point at the API.
 */
export function safeReturnPath(value: string | null | undefined): string {
  if (!value || value.length > 512) return DEFAULT_RETURN_PATH;
  if (!value.startsWith('/') || value.startsWith('//') || value.includes('\\')) return DEFAULT_RETURN_PATH;
  if (/[\u0000-\u001f\u007f]/.test(value)) return DEFAULT_RETURN_PATH;
  const url = new URL(value, 'http://portail.invalid');
  if (url.origin !== 'http://portail.invalid' || url.pathname.startsWith('/api/')) return DEFAULT_RETURN_PATH;
  return `${url.pathname}${url.search}${url.hash}`;
}
