import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser } from './browser.ts';
import { communeBySlug } from './harness.ts';
import { repositoryRoot } from './paths.ts';
import { startServer, type TestServer } from './server.ts';
import { eq } from 'drizzle-orm';
import { epcis, type AgentRole } from '@guichet/db';
import { agentSession, citizenSession, epciStaffSession } from './test-sessions.ts';

export type JourneyPageOptions = {
  commune?: string;
  /** A new citizen of the commune, signed in with this e-mail address. */
  signedInAs?: string;
  /** A new agent of the commune, signed in (both factors passed). */
  agent?: { email: string; role: AgentRole; services: string[]; name?: string };
  /** A new member of the commune's EPCI's staff (or of the EPCI named), signed in on the EPCI's console. */
  epciStaff?: { email: string; epci?: string };
  width?: number;
  at?: { latitude: number; longitude: number };
};

/**
 * The pages of one browser journey: each opened in a fresh profile (French, optionally signed in
 * as a new citizen, optionally somewhere for geolocation), and screenshots kept in the system's
 * temporary folder as `guichet-<journey>-<step>.png`.
 */
export function browserJourney(server: TestServer, browser: Browser, journey: string) {
  const portal = (slug = 'libercourt') => `http://${slug}.localhost:${server.port}`;
  return {
    portal,
    async open(options: JourneyPageOptions = {}): Promise<{ page: Page; context: BrowserContext; cookie: string | undefined }> {
      const slug = options.commune ?? 'libercourt';
      const context = await browser.newContext({
        locale: 'fr-FR',
        viewport: { width: options.width ?? 1100, height: 900 },
        ...(options.at ? { geolocation: options.at, permissions: ['geolocation'] } : {}),
      });
      let cookie: string | undefined;
      if (options.signedInAs || options.agent) {
        const commune = await communeBySlug(server.databases.app, slug);
        ({ cookie } = options.agent
          ? await agentSession(server.databases.app, commune, options.agent)
          : await citizenSession(server.databases.app, commune, options.signedInAs!));
        const [name, value] = cookie.split('=') as [string, string];
        await context.addCookies([{ name, value, domain: `${slug}.localhost`, path: '/' }]);
      }
      if (options.epciStaff) {
        const named = options.epciStaff.epci;
        const [epci] = await server.databases.app
          .select({ id: epcis.id, slug: epcis.slug })
          .from(epcis)
          .where(named ? eq(epcis.slug, named) : eq(epcis.id, (await communeBySlug(server.databases.app, slug)).epciId));
        cookie = await epciStaffSession(server.databases.app, epci!.id, options.epciStaff.email);
        const [name, value] = cookie.split('=') as [string, string];
        await context.addCookies([{ name, value, domain: `${epci!.slug}.localhost`, path: '/' }]);
      }
      const page = await context.newPage();
      page.setDefaultTimeout(10_000);
      return { page, context, cookie };
    },
    screenshot: (page: Page, step: string) => page.screenshot({ path: path.join(tmpdir(), `guichet-${journey}-${step}.png`), fullPage: true }),
  };
}

/**
 * A journey's whole setup: the real server serving the built web app (`apps/web/dist`), Debian's
 * Chromium, and the journey's pages; `close` ends both.
 */
export async function startJourney(journey: string, options: { environment?: Record<string, string> } = {}) {
  const server = await startServer({ webDistDir: path.join(repositoryRoot, 'apps/web/dist'), ...options });
  const browser = await launchBrowser();
  return {
    ...browserJourney(server, browser, journey),
    server,
    close: async () => {
      await browser.close();
      await server.close();
    },
  };
}

export type Journey = Awaited<ReturnType<typeof startJourney>>;
