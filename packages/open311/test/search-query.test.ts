import { describe, expect, it } from 'vitest';
import { Open311Error, readSearch } from '../src/index.ts';

const now = new Date('2026-06-30T12:00:00Z');
const search = (query: string) => readSearch(new URLSearchParams(query), now);
const DAY = 86_400_000;

describe('the query of GET requests', () => {
  it('looks at the last 90 days by default, every status and service', () => {
    expect(search('')).toEqual({ kind: 'window', serviceCodes: [], from: new Date(now.getTime() - 90 * DAY), to: now, status: undefined });
  });

  it('takes ids alone when given, the other filters then not applying', () => {
    expect(search('service_request_id=LIB-2026-000001,LIB-2026-000002&status=open')).toEqual({
      kind: 'references',
      references: ['LIB-2026-000001', 'LIB-2026-000002'],
    });
  });

  it('reads comma lists and repeated parameters alike', () => {
    expect(search('service_code=voirie,eclairage&service_code=proprete&status=closed')).toMatchObject({
      serviceCodes: ['voirie', 'eclairage', 'proprete'],
      status: 'closed',
    });
    expect(search('status=open,closed')).toMatchObject({ status: undefined });
  });

  it('opens a window from a start date, up to now at most', () => {
    expect(search('start_date=2026-06-01T00:00:00%2B02:00')).toMatchObject({ from: new Date('2026-05-31T22:00:00Z'), to: now });
    expect(search('start_date=2026-01-01T00:00:00Z')).toMatchObject({ to: new Date(Date.parse('2026-01-01T00:00:00Z') + 90 * DAY) });
    expect(search('end_date=2026-03-31T00:00:00Z')).toMatchObject({ from: new Date(Date.parse('2026-03-31T00:00:00Z') - 90 * DAY) });
  });

  it('refuses bad dates, reversed or too wide windows and unknown statuses with a 400', () => {
    for (const query of [
      'start_date=hier',
      'start_date=2026-06-01',
      'start_date=2026-06-02T00:00:00Z&end_date=2026-06-01T00:00:00Z',
      'start_date=2026-01-01T00:00:00Z&end_date=2026-06-01T00:00:00Z',
      'status=pending',
    ]) {
      expect(() => search(query), query).toThrow(Open311Error);
    }
    expect(() => search('status=pending')).toThrow(expect.objectContaining({
      status: 400,
      errors: [{ code: 400, description: 'status : « pending » n’est ni open ni closed.' }],
    }));
  });
});
