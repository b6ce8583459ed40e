import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  agentInvitation,
  createMailer,
  linkAccountCode,
  renderEmail,
  resetPassword,
  startMailCapture,
  verifyEmail,
  type CommuneBrand,
  type MailCapture,
  type Mailer,
} from '../src/index.ts';
import { contrastRatio } from '../src/contrast.ts';

const begles: CommuneBrand = {
  name: 'Bègles',
  logoUrl: 'https://begles.guichet.test/logo.png',
  primaryColor: '#005a9c',
  portalUrl: 'https://begles.guichet.test/',
  postalAddress: '77 rue Calixte-Camelle, 33130 Bègles',
  phone: '05 56 49 88 88',
  contactEmail: 'accueil@begles.test',
};

const link = 'https://begles.guichet.test/compte/confirmer?jeton=abc123&etape=2';
const htmlLink = 'https://begles.guichet.test/compte/confirmer?jeton=abc123&amp;etape=2';

describe('message templates', () => {
  it.each([
    ['verifyEmail', verifyEmail({ commune: begles, link }), 'Confirmez votre adresse e-mail'],
    ['resetPassword', resetPassword({ commune: begles, link }), 'Réinitialisez votre mot de passe'],
    [
      'agentInvitation',
      agentInvitation({ commune: begles, link, inviterName: 'Sophie Martin' }),
      'Invitation à rejoindre l’espace agents – Bègles',
    ],
  ])('%s puts its link in both the HTML and the text part', (_name, rendered, subject) => {
    expect(rendered.subject).toBe(subject);
    expect(rendered.text).toContain(`\n${link}\n`);
    expect(rendered.html).toContain(`href="${htmlLink}"`);
    // Once as the button, once as the plain fallback for clients that drop the button.
    expect(rendered.html.split(`href="${htmlLink}"`)).toHaveLength(3);
    expect(rendered.html).toContain(`>${htmlLink}</a>`);
  });

  it('names the inviting agent in an invitation', () => {
    const rendered = agentInvitation({ commune: begles, link, inviterName: 'Sophie Martin' });

    expect(rendered.text).toContain('Sophie Martin vous invite');
    expect(rendered.html).toContain('Sophie Martin vous invite');
  });

  it('shows the account-linking code in both parts but not in the subject', () => {
    const rendered = linkAccountCode({ commune: begles, code: '048213' });

    expect(rendered.text).toContain('\n048213\n');
    expect(rendered.html).toContain('>048213</p>');
    expect(rendered.subject).not.toContain('048213');
    expect(rendered.text).toContain('FranceConnect');
  });

  it('refuses a linking code that is not six digits', () => {
    expect(() => linkAccountCode({ commune: begles, code: '12345' })).toThrow();
    expect(() => linkAccountCode({ commune: begles, code: '12345a' })).toThrow();
  });
});

describe('renderEmail', () => {
  it('declares French and gives the logo the commune’s name as alternative', () => {
    const { html } = verifyEmail({ commune: begles, link });

    expect(html).toMatch(/^<!DOCTYPE html>\n<html lang="fr"/);
    expect(html).toContain('<title>Confirmez votre adresse e-mail</title>');
    expect(html).toContain('<img src="https://begles.guichet.test/logo.png" alt="Bègles"');
  });

  it('writes the commune’s name when it has no logo', () => {
    const { html } = verifyEmail({ commune: { ...begles, logoUrl: undefined }, link });

    expect(html).not.toContain('<img');
    expect(html).toContain('font-weight:bold;">Bègles</p>');
  });

  it('puts the commune’s address and contact in the footer of both parts', () => {
    const { html, text } = verifyEmail({ commune: begles, link });

    for (const part of [html, text]) {
      expect(part).toContain('77 rue Calixte-Camelle, 33130 Bègles');
      expect(part).toContain('05 56 49 88 88');
      expect(part).toContain('accueil@begles.test');
      expect(part).toContain('https://begles.guichet.test/');
    }
    expect(html).toContain('href="mailto:accueil@begles.test"');
    expect(text).toContain('\n-- \nBègles\n');
  });

  it('escapes hostile values everywhere in the HTML', () => {
    const hostile = '"><script>alert(1)</script><img src=x onerror=alert(2)>';
    const { html, text } = agentInvitation({
      commune: { ...begles, name: hostile, postalAddress: hostile, phone: hostile },
      link: `https://begles.guichet.test/invitation?a="><script>alert(3)</script>`,
      inviterName: hostile,
    });

    expect(html).not.toMatch(/<script|<img src=x|onerror=alert\(2\)>/);
    expect(html).not.toContain(hostile);
    expect(html).toContain('&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(text).toContain(hostile);
  });

  it('refuses links and logos that are not web addresses', () => {
    expect(() => verifyEmail({ commune: begles, link: 'javascript:alert(1)' })).toThrow();
    expect(() => verifyEmail({ commune: { ...begles, logoUrl: 'data:image/svg+xml,<svg/>' }, link })).toThrow();
    expect(() =>
      renderEmail({ commune: begles, subject: 'Essai', blocks: [{ kind: 'button', label: 'Ouvrir', href: 'file:///etc/passwd' }] }),
    ).toThrow();
  });

  it('refuses a colour that could carry CSS into the style attributes', () => {
    expect(() => verifyEmail({ commune: { ...begles, primaryColor: 'red;background:url(https://x.test)' }, link })).toThrow();
  });

  it.each(['#ffd700', '#005a9c', '#e1000f', '#fff', '#000'])(
    'keeps the button label readable on %s',
    (primaryColor) => {
      const { html } = verifyEmail({ commune: { ...begles, primaryColor }, link });

      const label = /background-color:(#[0-9a-f]+);">\n<a [^>]*?color:(#[0-9a-f]+);/i.exec(html);
      expect(label).not.toBeNull();
      expect(contrastRatio(label![1]!, label![2]!)).toBeGreaterThanOrEqual(4.5);
    },
  );
});

describe('a template sent over SMTP', () => {
  let capture: MailCapture;
  let mailer: Mailer;

  beforeAll(async () => {
    capture = await startMailCapture();
    mailer = createMailer({ smtpUrl: capture.smtpUrl, from: 'Guichet <ne-pas-repondre@guichet.test>' });
  });

  afterAll(async () => {
    mailer.close();
    await capture.close();
  });

  it('arrives with the same link in the HTML and text parts', async () => {
    await mailer.send({ to: 'camille@example.org', ...verifyEmail({ commune: begles, link }) });

    const mail = await capture.waitFor((received) => received.to.includes('camille@example.org'));
    const htmlLinks = [...mail.html.matchAll(/href="([^"]+)"/g)].map((match) => match[1]!.replaceAll('&amp;', '&'));
    expect(mail.subject).toBe('Confirmez votre adresse e-mail');
    expect(htmlLinks).toContain(link);
    expect(mail.text).toContain(link);
  });
});
