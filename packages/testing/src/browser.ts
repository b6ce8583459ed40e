import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { chromium, type Browser, type Page } from 'playwright-core';

const require = createRequire(import.meta.url);

/**
 * Debian's Chromium driven by Playwright (no browser download: CI installs the package).
 * The flags keep it from reaching for the network this machine does not have.
 */
export async function launchBrowser(): Promise<Browser> {
  const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (!existsSync(executablePath)) {
    throw new Error(`Chromium not found at ${executablePath}: apt-get install chromium, or set CHROMIUM_PATH.`);
  }
  return chromium.launch({
    executablePath,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

export type AccessibilityViolation = { id: string; impact: string | null; help: string; targets: string[] };

/** Runs axe-core in the page against WCAG 2.1 A and AA rules (the RGAA's basis). */
export async function accessibilityViolations(page: Page): Promise<AccessibilityViolation[]> {
  const source = await readFile(require.resolve('axe-core/axe.min.js'), 'utf8');
  await page.evaluate(source);
  const violations: AxeViolation[] = await page.evaluate(async () => {
    // Runs in the page; this package is typechecked without the DOM library.
    const { axe, document } = globalThis as unknown as { axe: Axe; document: unknown };
    const result = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
    return result.violations;
  });
  return violations.map((violation) => ({
    id: violation.id,
    impact: violation.impact,
    help: violation.help,
    targets: violation.nodes.map((node) => node.target.join(' ')),
  }));
}

type AxeViolation = { id: string; impact: string | null; help: string; nodes: { target: string[] }[] };
type Axe = { run: (context: unknown, options: object) => Promise<{ violations: AxeViolation[] }> };
