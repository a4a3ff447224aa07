import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays } from '../domain/calendar-day.ts';
import { money } from '../domain/money.ts';
import { bookedCosts, bookedTotal, bookingRange } from './booked-costs.ts';
import type { CostRecord } from './cost-record.ts';

const rec = (day: string, amount: string, more: Partial<CostRecord> = {}): CostRecord => ({
  day,
  serviceId: 's',
  category: 'compute',
  amount: money(amount, 'EUR'),
  source: `line ${day}`,
  ...more,
});
const cents = (records: readonly CostRecord[]) =>
  bookedCosts(records).map((b) => [b.day, b.amount.nanos / 10_000_000n]);

describe('bookedCosts', () => {
  it.each<[string, CostRecord[], [string, bigint][]]>([
    ['nothing', [], []],
    ['one record', [rec('2026-03-01', '1.005')], [['2026-03-01', 101n]]],
    ['a negative one, half away from zero', [rec('2026-03-01', '-1.005')], [['2026-03-01', -101n]]],
    // 3 × 0.004 = 0.012: the month rounds to 0.01 and the cent goes to the first day
    [
      'sub-cent lines of a month',
      [rec('2026-03-01', '0.004'), rec('2026-03-02', '0.004'), rec('2026-03-03', '0.004')],
      [
        ['2026-03-01', 1n],
        ['2026-03-02', 0n],
        ['2026-03-03', 0n],
      ],
    ],
    // the same day twice is one booking; a credit keeps its day
    [
      'records of a day added first',
      [
        rec('2026-03-05', '0.006'),
        rec('2026-03-05', '0.006'),
        rec('2026-03-09', '-5'),
        rec('2026-03-10', '5'),
      ],
      [
        ['2026-03-05', 1n],
        ['2026-03-09', -500n],
        ['2026-03-10', 500n],
      ],
    ],
    // months and imports are rounded apart
    [
      'two months, two imports',
      [
        rec('2026-03-31', '0.004'),
        rec('2026-04-01', '0.004'),
        rec('2026-04-02', '0.004', { importId: 'i2' }),
      ],
      [
        ['2026-03-31', 0n],
        ['2026-04-01', 0n],
        ['2026-04-02', 0n],
      ],
    ],
  ])('%s', (_name, records, expected) => {
    expect(cents(records)).toEqual(expected);
  });

  it('does not depend on the order of the records', () => {
    const records = Array.from({ length: 40 }, (_, i) => rec(addDays('2026-03-01', i % 31), '0.333'));
    const sorted = (r: [string, bigint][]) => [...r].sort(([a], [b]) => (a < b ? -1 : 1));
    expect(sorted(cents([...records].reverse()) as [string, bigint][])).toEqual(
      sorted(cents(records) as [string, bigint][]),
    );
  });

  it('books each import (computed costs: each month) at its exact total rounded once, each service and category within a cent', () => {
    const record = fc.record({
      day: fc.integer({ min: 0, max: 89 }),
      serviceId: fc.constantFrom('a', 'b', null),
      category: fc.constantFrom('compute' as const, 'storage' as const),
      importId: fc.constantFrom('i1', 'i2', null),
      nanos: fc.bigInt({ min: -(10n ** 11n), max: 10n ** 12n }),
    });
    fc.assert(
      fc.property(fc.array(record, { maxLength: 80 }), (raw) => {
        const records: CostRecord[] = raw.map((r, i) => ({
          day: addDays('2026-01-01', r.day),
          serviceId: r.serviceId,
          category: r.category,
          amount: { nanos: r.nanos, currency: 'EUR' },
          source: `line ${i}`,
          importId: r.importId,
        }));
        const booked = bookedCosts(records);
        for (const b of booked) expect(b.amount.nanos % 10_000_000n).toBe(0n);
        expect(booked.reduce((n, b) => n + b.sources.length, 0)).toBe(records.length);
        const round = (n: bigint) => (n < 0n ? n - 5_000_000n : n + 5_000_000n) / 10_000_000n;
        const groups = new Map<string, { exact: bigint; booked: bigint }>();
        const add = (key: string, exact: bigint, cents: bigint) => {
          const g = groups.get(key) ?? { exact: 0n, booked: 0n };
          groups.set(key, { exact: g.exact + exact, booked: g.booked + cents });
        };
        for (const r of records)
          add(r.importId ? `${r.importId}` : `m${r.day.slice(0, 7)}`, r.amount.nanos, 0n);
        for (const r of records)
          add(`${r.importId}|${r.day.slice(0, 7)}|${r.serviceId}|${r.category}`, r.amount.nanos, 0n);
        // booked cents per group, found back through the sources
        const byLine = new Map(records.map((r) => [r.source, r]));
        for (const b of booked) {
          const r = byLine.get(b.sources[0]!)!;
          add(r.importId ? `${r.importId}` : `m${r.day.slice(0, 7)}`, 0n, b.amount.nanos / 10_000_000n);
          add(
            `${r.importId}|${r.day.slice(0, 7)}|${r.serviceId}|${r.category}`,
            0n,
            b.amount.nanos / 10_000_000n,
          );
        }
        for (const [key, g] of groups) {
          if (!key.includes('|')) expect(g.booked).toBe(round(g.exact));
          else {
            const off = g.booked * 10_000_000n - g.exact;
            expect(off < 0n ? -off : off).toBeLessThan(10_000_000n);
          }
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('bookedTotal', () => {
  it('is the sum of the booked cents', () => {
    expect(bookedTotal([rec('2026-03-01', '17.994'), rec('2026-03-02', '0.004')], 'EUR')).toEqual(
      money('18.00', 'EUR'),
    );
  });
});

describe('bookingRange', () => {
  it.each([
    [
      { from: '2026-03-15', to: '2026-04-02' },
      { from: '2026-02-01', to: '2026-05-31' },
    ],
    [
      { from: '2024-03-01', to: '2024-01-31' },
      { from: '2024-02-01', to: '2024-02-29' },
    ],
    [
      { from: '2026-01-01', to: '2026-12-31' },
      { from: '2025-12-01', to: '2027-01-31' },
    ],
  ])('%j', (range, expected) => {
    expect(bookingRange(range)).toEqual(expected);
  });
});
