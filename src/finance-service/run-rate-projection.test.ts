import { describe, expect, it } from 'vitest';
import { money } from '../domain/money.ts';
import type { CostRecord } from '../finance/cost-record.ts';
import { runRateProjection } from './run-rate-projection.ts';

const rec = (day: string, amount: string, serviceId: string | null = 's1'): CostRecord => ({
  day,
  serviceId,
  category: 'compute',
  amount: money(amount, 'EUR'),
  source: 'test',
});

describe('runRateProjection', () => {
  it.each([
    ['no records', [], 0],
    ['records without a service', [rec('2026-06-30', '10', null)], 0],
    ['records in another currency', [{ ...rec('2026-06-30', '10'), amount: money('10', 'USD') }], 0],
  ])('projects nothing for %s', (_name, records, count) => {
    expect(
      runRateProjection(records, { asOf: '2026-06-30', to: '2026-07-31', currency: 'EUR' }),
    ).toHaveLength(count);
  });

  it('continues a constant daily cost exactly, with a ±10 % range', () => {
    const records = Array.from({ length: 120 }, (_, i) =>
      rec(new Date(Date.UTC(2026, 2, 2 + i)).toISOString().slice(0, 10), '10'),
    );
    const out = runRateProjection(records, { asOf: '2026-06-29', to: '2026-07-01', currency: 'EUR' });
    expect(out.map((p) => p.day)).toEqual(['2026-06-30', '2026-07-01']);
    expect(out[0]?.expected).toEqual(money('10', 'EUR'));
    expect(out[0]?.low).toEqual(money('9', 'EUR'));
    expect(out[0]?.high).toEqual(money('11', 'EUR'));
  });

  it('uses the days since the first record when the history is short', () => {
    const out = runRateProjection([rec('2026-06-29', '5'), rec('2026-06-30', '5')], {
      asOf: '2026-06-30',
      to: '2026-07-01',
      currency: 'EUR',
    });
    expect(out[0]?.expected).toEqual(money('5', 'EUR'));
  });

  it('projects nothing when the end is not after asOf', () => {
    expect(
      runRateProjection([rec('2026-06-30', '5')], { asOf: '2026-06-30', to: '2026-06-30', currency: 'EUR' }),
    ).toEqual([]);
  });
});
