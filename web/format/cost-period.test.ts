import { describe, expect, it } from 'vitest';
import { costPeriod, periodText } from './cost-period.ts';

describe('costPeriod', () => {
  it('reads a FOCUS period key (end exclusive)', () => {
    expect(costPeriod('Microsoft|b1a2c3d4|2026-03-01T00:00:00.000Z/2026-04-01T00:00:00.000Z')).toEqual({
      source: 'Microsoft',
      account: 'b1a2c3d4',
      first: '2026-03-01',
      last: '2026-03-31',
    });
  });

  it('reads a plain period key as its whole month', () => {
    expect(costPeriod('plain|Rechenzentrum|2024-02')).toEqual({
      source: 'Rechenzentrum',
      account: undefined,
      first: '2024-02-01',
      last: '2024-02-29',
    });
  });

  it('gives up on keys of another shape', () => {
    expect(costPeriod('something')).toBeUndefined();
    expect(costPeriod('a|b|2026-04-01/2026-03-01')).toBeUndefined();
  });
});

describe('periodText', () => {
  it('names a whole month, else the first and last day', () => {
    expect(periodText('de-DE', { first: '2026-03-01', last: '2026-03-31' })).toBe('März 2026');
    expect(periodText('en-GB', { first: '2026-03-01', last: '2026-03-31' })).toBe('Mar 2026');
    expect(periodText('de-DE', { first: '2026-03-05', last: '2026-03-31' })).toBe(
      '5. März 2026 – 31. März 2026',
    );
    expect(periodText('de-DE', { first: '2026-03-05', last: '2026-03-05' })).toBe('5. März 2026');
  });
});
