import { describe, expect, it } from 'vitest';
import { matchWebPage, type WebPage } from '../src/web-pages.ts';

const pages: WebPage[] = [
  { path: '/', sites: ['commune', 'epci'] },
  { path: '/demarches', sites: ['commune'] },
  { path: '/demarches/:slug', sites: ['commune'], procedureParameter: 'slug' },
  { path: '/demarches/:slug/demande', sites: ['commune'], procedureParameter: 'slug' },
  { path: '/demarches/recherche', sites: ['commune'] },
];
const matched = (pathname: string) => {
  const match = matchWebPage(pages, pathname);
  return match && { path: match.page.path, params: match.params };
};

describe('matching a path to a page of the web app, as the browser’s router does', () => {
  it('matches static and parameter segments', () => {
    expect(matched('/')).toEqual({ path: '/', params: {} });
    expect(matched('/demarches')).toEqual({ path: '/demarches', params: {} });
    expect(matched('/demarches/copie-acte-naissance')).toEqual({ path: '/demarches/:slug', params: { slug: 'copie-acte-naissance' } });
    expect(matched('/demarches/copie-acte-naissance/demande')).toEqual({ path: '/demarches/:slug/demande', params: { slug: 'copie-acte-naissance' } });
  });

  it('tolerates one trailing slash and any case in static segments, not an empty segment', () => {
    expect(matched('/demarches/')?.path).toBe('/demarches');
    expect(matched('/DEMARCHES/Copie')).toEqual({ path: '/demarches/:slug', params: { slug: 'Copie' } });
    expect(matched('//demarches')).toBeUndefined();
    expect(matched('/demarches//demande')).toBeUndefined();
  });

  it('prefers a static segment to a parameter', () => {
    expect(matched('/demarches/recherche')?.path).toBe('/demarches/recherche');
  });

  it('matches nothing longer or shorter than a page', () => {
    expect(matched('/demarches/a/demande/plus')).toBeUndefined();
    expect(matched('/ailleurs')).toBeUndefined();
  });
});
