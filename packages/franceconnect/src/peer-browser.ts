/**
 * Plays the person's browser against the local peer, over HTTP, for tests of anything that
 * signs in through it: follows redirects, keeps the peer's cookies, submits its forms. It
 * stops at the first redirect that leaves the peer, which is the service's callback.
 */
export interface PeerBrowser {
  /**
   * Opens the authorization URL, picks `person` (a key of `demoCitizens` / `demoAgents`) on the
   * sign-in page, or cancels, and returns the URL the peer sends the browser back to. When the
   * peer still has a session for this browser it answers without showing the page.
   */
  signIn(authorizationUrl: URL | string, choice: { person: string } | 'cancel'): Promise<URL>;
  /** Opens an end-session URL, goes through its self-submitting form and returns the post-logout redirect. */
  signOut(endSessionUrl: URL | string): Promise<URL>;
}

const maxHops = 10;

export function createPeerBrowser(): PeerBrowser {
  const cookies = new Map<string, string>();

  async function send(url: URL, form?: URLSearchParams): Promise<Response> {
    const headers = new Headers();
    if (cookies.size > 0) headers.set('cookie', [...cookies].map(([name, value]) => `${name}=${value}`).join('; '));
    const response = await fetch(url, form ? { method: 'POST', body: form, headers, redirect: 'manual' } : { headers, redirect: 'manual' });
    for (const line of response.headers.getSetCookie()) keepCookie(cookies, line);
    return response;
  }

  /** Follows redirects on the peer's origin; returns either the URL that leaves it or the page reached. */
  async function follow(start: URL, form?: URLSearchParams): Promise<{ left: URL } | { page: string; url: URL }> {
    let url = start;
    let response = await send(url, form);
    for (let hop = 0; hop < maxHops; hop += 1) {
      const location = response.headers.get('location');
      if (response.status < 300 || response.status >= 400 || location === null) {
        const page = await response.text();
        if (!response.ok) throw new Error(`The peer answered ${response.status} at ${url.pathname}: ${page.slice(0, 500)}`);
        return { page, url };
      }
      await response.body?.cancel();
      const next = new URL(location, url);
      if (next.origin !== start.origin) return { left: next };
      url = next;
      response = await send(url);
    }
    throw new Error(`More than ${maxHops} redirects from ${start.pathname}`);
  }

  async function submit(reached: { page: string; url: URL }, formId: string | undefined, extra: Record<string, string>) {
    const form = readForm(reached.page, formId);
    for (const [name, value] of Object.entries(extra)) form.fields.set(name, value);
    let outcome = await follow(new URL(form.action, reached.url), form.fields);
    // Another person signing in where one still has a session: the provider first ends that
    // session through a form that submits itself, as a browser would run it.
    for (let hop = 0; hop < maxHops && !('left' in outcome) && selfSubmitting(outcome.page); hop += 1) {
      const next = readForm(outcome.page, undefined);
      outcome = await follow(new URL(next.action, outcome.url), next.fields);
    }
    if ('left' in outcome) return outcome.left;
    throw new Error(`The peer did not redirect back after submitting a form at ${reached.url.pathname}`);
  }

  return {
    async signIn(authorizationUrl, choice) {
      const outcome = await follow(new URL(authorizationUrl));
      if ('left' in outcome) return outcome.left;
      return choice === 'cancel'
        ? submit(outcome, 'annulation', {})
        : submit(outcome, 'connexion', { person: choice.person });
    },

    async signOut(endSessionUrl) {
      const outcome = await follow(new URL(endSessionUrl));
      if ('left' in outcome) return outcome.left;
      return submit(outcome, undefined, {});
    },
  };
}

function keepCookie(cookies: Map<string, string>, setCookie: string) {
  const [pair = '', ...attributes] = setCookie.split(';');
  const separator = pair.indexOf('=');
  const name = pair.slice(0, separator).trim();
  const value = pair.slice(separator + 1).trim();
  const expired = attributes.some((attribute) => {
    const [key = '', date = ''] = attribute.trim().split('=');
    return key.toLowerCase() === 'expires' && Date.parse(date) <= Date.now();
  });
  if (expired || value === '') cookies.delete(name);
  else cookies.set(name, value);
}

/** A page whose script submits its form as soon as it is loaded. */
function selfSubmitting(html: string): boolean {
  return /document\.forms\[0\]\.submit\(\)/.test(html);
}

/** Reads the form with `id` (or the first form): its action and hidden fields. */
function readForm(html: string, id: string | undefined): { action: string; fields: URLSearchParams } {
  const forms = [...html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/g)];
  const form = id === undefined ? forms[0] : forms.find((match) => attribute(match[1], 'id') === id);
  const action = form && attribute(form[1], 'action');
  if (!form || action === undefined) throw new Error(`No form${id ? ` "${id}"` : ''} on the peer's page`);
  const fields = new URLSearchParams();
  for (const input of (form[2] ?? '').matchAll(/<input\b([^>]*)>/g)) {
    const name = attribute(input[1], 'name');
    if (attribute(input[1], 'type') === 'hidden' && name !== undefined) fields.append(name, attribute(input[1], 'value') ?? '');
  }
  return { action, fields };
}

function attribute(attributes: string | undefined, name: string): string | undefined {
  const raw = new RegExp(`\\b${name}="([^"]*)"`).exec(attributes ?? '')?.[1];
  return raw === undefined ? undefined : decodeEntities(raw);
}

function decodeEntities(text: string): string {
  return text
    .replaceAll('&lt;', '<')
    .replaceAll('&gt;', '>')
    .replaceAll('&quot;', '"')
    .replaceAll('&#39;', "'")
    .replaceAll('&amp;', '&');
}
