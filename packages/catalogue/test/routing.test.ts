import { describe, expect, it } from 'vitest';
import { routeRequest, sectorOf, type RoutedProcedure, type Sector } from '../src/index.ts';

const complaint: RoutedProcedure = {
  service: 'cabinet-du-maire',
  routing: [
    { when: { field: 'serviceConcerne', equals: 'etat-civil' }, service: 'etat-civil' },
    { when: { field: 'urgent', equals: true }, service: 'astreinte' },
    { when: { field: 'personnes', equals: 3 }, service: 'ccas' },
    { when: { field: 'themes', equals: 'voirie' }, service: 'services-techniques' },
    { when: { sector: 'centre-ville' }, service: 'police-municipale' },
    { when: { field: 'serviceConcerne', equals: 'etat-civil' }, service: 'jamais-atteint' },
  ],
};

describe('routeRequest', () => {
  it('sends to the default service when no rule holds, or when there are no rules', () => {
    expect(routeRequest(complaint, {})).toBe('cabinet-du-maire');
    expect(routeRequest(complaint, { serviceConcerne: 'urbanisme', urgent: false })).toBe('cabinet-du-maire');
    expect(routeRequest({ service: 'etat-civil', routing: [] }, { anything: 'x' }, 'centre-ville')).toBe('etat-civil');
  });

  it('applies the first rule that holds, in declaration order', () => {
    expect(routeRequest(complaint, { serviceConcerne: 'etat-civil', urgent: true })).toBe('etat-civil');
    expect(routeRequest(complaint, { serviceConcerne: 'autre', urgent: true }, 'centre-ville')).toBe('astreinte');
  });

  it('compares strictly: a text is not a number, a boolean is not its label', () => {
    expect(routeRequest(complaint, { personnes: '3' })).toBe('cabinet-du-maire');
    expect(routeRequest(complaint, { personnes: 3 })).toBe('ccas');
    expect(routeRequest(complaint, { urgent: 'true' })).toBe('cabinet-du-maire');
  });

  it('reads a multiple choice as "this option is ticked"', () => {
    expect(routeRequest(complaint, { themes: ['proprete', 'voirie'] })).toBe('services-techniques');
    expect(routeRequest(complaint, { themes: ['proprete'] })).toBe('cabinet-du-maire');
    expect(routeRequest(complaint, { themes: [] })).toBe('cabinet-du-maire');
  });

  it('applies a sector rule only to a request located in that sector', () => {
    expect(routeRequest(complaint, {}, 'centre-ville')).toBe('police-municipale');
    expect(routeRequest(complaint, {}, 'faubourg')).toBe('cabinet-du-maire');
    expect(routeRequest(complaint, {}, null)).toBe('cabinet-du-maire');
    expect(routeRequest(complaint, {})).toBe('cabinet-du-maire');
  });

  it('ignores inherited properties of the answers', () => {
    const answers = Object.create({ serviceConcerne: 'etat-civil' }) as Record<string, unknown>;
    expect(routeRequest(complaint, answers)).toBe('cabinet-du-maire');
  });
});

// Two neighbouring quartiers, and an L-shaped one to exercise a concave outline.
const sectors: Sector[] = [
  { slug: 'nord', name: 'Nord', polygon: [[3.0, 50.49], [3.03, 50.49], [3.03, 50.5], [3.0, 50.5]] },
  { slug: 'sud', name: 'Sud', polygon: [[3.0, 50.47], [3.03, 50.47], [3.03, 50.49], [3.0, 50.49]] },
  { slug: 'equerre', name: 'Équerre', polygon: [[3.1, 50.4], [3.14, 50.4], [3.14, 50.42], [3.12, 50.42], [3.12, 50.44], [3.1, 50.44]] },
];

describe('sectorOf', () => {
  it('finds the sector a point lies in', () => {
    expect(sectorOf(50.495, 3.01, sectors)).toBe('nord');
    expect(sectorOf(50.48, 3.02, sectors)).toBe('sud');
  });

  it('gives null outside every sector, and with no sectors', () => {
    expect(sectorOf(50.51, 3.01, sectors)).toBeNull();
    expect(sectorOf(50.48, 2.99, sectors)).toBeNull();
    expect(sectorOf(50.48, 3.02, [])).toBeNull();
  });

  it('follows a concave outline', () => {
    expect(sectorOf(50.41, 3.13, sectors)).toBe('equerre');
    expect(sectorOf(50.43, 3.11, sectors)).toBe('equerre');
    expect(sectorOf(50.43, 3.13, sectors)).toBeNull();
  });

  it('does not mistake latitude for longitude', () => {
    expect(sectorOf(3.01, 50.495, sectors)).toBeNull();
  });
});
