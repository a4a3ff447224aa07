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

  it('continues a monthly invoice on the 1st of later months, never on top of its own month', () => {
    const invoices = ['2026-09-01', '2026-10-01', '2026-11-01', '2026-12-01'].map((day, i) => ({
      ...rec(day, String(1000 + 100 * i)),
      category: 'licences' as const,
      origin: 'plain' as const,
    }));
    const out = runRateProjection(invoices, { asOf: '2026-12-10', to: '2027-02-28', currency: 'EUR' });
    expect(out.map((p) => p.day)).toEqual(['2027-01-01', '2027-02-01']);
    // expected: the last invoice; range: it and the mean of the last three months (1200), ±10 %
    expect(out[0]?.expected).toEqual(money('1300', 'EUR'));
    expect(out[0]?.low).toEqual(money('1080', 'EUR'));
    expect(out[0]?.high).toEqual(money('1430', 'EUR'));
  });

  it('fills the days a daily stream has not booked yet, from its last booked day on', () => {
    const daily = Array.from({ length: 30 }, (_, i) =>
      rec(`2026-11-${String(i + 1).padStart(2, '0')}`, '10'),
    );
    const out = runRateProjection(daily, { asOf: '2026-12-03', to: '2026-12-05', currency: 'EUR' });
    expect(out.map((p) => p.day)).toEqual([
      '2026-12-01',
      '2026-12-02',
      '2026-12-03',
      '2026-12-04',
      '2026-12-05',
    ]);
    expect(out.every((p) => p.expected.nanos === money('10', 'EUR').nanos)).toBe(true);
  });

  it('keeps streams of different origin apart, and stops one without bookings for 30 days', () => {
    const records = [
      ...Array.from({ length: 30 }, (_, i) => ({
        ...rec(`2026-11-${String(i + 1).padStart(2, '0')}`, '10'),
        origin: 'computed' as const,
      })),
      { ...rec('2026-12-01', '300'), origin: 'plain' as const },
      { ...rec('2026-10-15', '99', 's2') },
    ];
    const out = runRateProjection(records, { asOf: '2026-12-10', to: '2026-12-31', currency: 'EUR' });
    expect(out.filter((p) => p.serviceId === 's2')).toEqual([]);
    // the daily stream from December 1st on; the December invoice is booked, January is out of range
    expect(out.map((p) => p.day)).toEqual(
      Array.from({ length: 31 }, (_, i) => `2026-12-${String(i + 1).padStart(2, '0')}`),
    );
  });

  it('projects nothing when the end is not after asOf', () => {
    expect(
      runRateProjection([rec('2026-06-30', '5')], { asOf: '2026-06-30', to: '2026-06-30', currency: 'EUR' }),
    ).toEqual([]);
  });
});
