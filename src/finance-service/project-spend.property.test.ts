import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, lastDayOfMonth, monthOf } from '../domain/calendar-day.ts';
import type { CostRecord } from '../finance/cost-record.ts';
import { projectSpend } from './project-spend.ts';

const services = ['s1', 's2', 's3'];
const recordArb = fc.record({
  offset: fc.integer({ min: 0, max: 100 }),
  service: fc.constantFrom(...services, null),
  category: fc.constantFrom('compute' as const, 'storage' as const, 'licences' as const),
  nanos: fc.bigInt({ min: -1_000_000_000_000n, max: 10_000_000_000_000n }),
});

/** The days a stream must be projected on: every day after its last booking, or every 1st after its last month. */
function dueDays(last: string, monthly: boolean, to: string): string[] {
  const days: string[] = [];
  for (let day = addDays(monthly ? lastDayOfMonth(monthOf(last)) : last, 1); day <= to; day = addDays(day, 1))
    if (!monthly || day.endsWith('-01')) days.push(day);
  return days;
}

describe('projectSpend (property)', () => {
  it('continues each stream right after what it has booked: no day twice, none left out', () => {
    fc.assert(
      fc.property(fc.array(recordArb, { maxLength: 60 }), fc.integer({ min: 1, max: 90 }), (raw, horizon) => {
        const asOf = '2026-06-30';
        const to = addDays(asOf, horizon);
        // Licences are invoiced on the 1st of a month, the rest is booked daily.
        const records: CostRecord[] = raw.map((r) => {
          const day = addDays('2026-03-22', r.offset);
          return {
            day: r.category === 'licences' ? `${monthOf(day)}-01` : day,
            serviceId: r.service,
            category: r.category,
            amount: { nanos: r.nanos < 0n ? -r.nanos : r.nanos, currency: 'EUR' },
            source: 'p',
          };
        });
        const { projection, source } = projectSpend(records, [], { asOf, to, currency: 'EUR' });
        for (const p of projection) {
          expect(p.low.nanos <= p.expected.nanos && p.expected.nanos <= p.high.nanos).toBe(true);
          expect(p.serviceId).not.toBeNull();
        }
        const booked = new Map<string, string[]>();
        for (const r of records) {
          const key = `${r.serviceId}|${r.category}`;
          if (r.serviceId !== null) booked.set(key, [...(booked.get(key) ?? []), r.day]);
        }
        for (const [key, days] of booked) {
          const day = days.sort().at(-1)!;
          // A stream booked only on 1sts is taken for monthly invoices, whatever its category.
          const monthly = days.every((d) => d.endsWith('-01'));
          const stopped = monthly
            ? lastDayOfMonth(monthOf(day)) < addDays(asOf, -62)
            : day < addDays(asOf, -30);
          const projected = projection
            .filter((p) => `${p.serviceId}|${p.category}` === key)
            .map((p) => p.day);
          expect(projected).toEqual(stopped ? [] : dueDays(day, monthly, to));
        }
        expect(source).toBe(projection.length === 0 ? 'none' : 'run-rate');
      }),
      { numRuns: 200 },
    );
  });
});
