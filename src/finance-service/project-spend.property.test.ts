import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays } from '../finance/calendar-day.ts';
import type { CostRecord } from '../finance/cost-record.ts';
import { projectSpend } from './project-spend.ts';

const services = ['s1', 's2', 's3'];
const recordArb = fc.record({
  offset: fc.integer({ min: 0, max: 200 }),
  service: fc.constantFrom(...services, null),
  category: fc.constantFrom('compute' as const, 'storage' as const, 'licences' as const),
  nanos: fc.bigInt({ min: -1_000_000_000_000n, max: 10_000_000_000_000n }),
});

describe('projectSpend (property)', () => {
  it('gives every projected day low ≤ expected ≤ high for non-negative history, only after asOf and up to the end', () => {
    fc.assert(
      fc.property(fc.array(recordArb, { maxLength: 60 }), fc.integer({ min: 0, max: 60 }), (raw, horizon) => {
        const asOf = '2026-06-30';
        const to = addDays(asOf, horizon);
        const records: CostRecord[] = raw.map((r) => ({
          day: addDays('2026-01-01', r.offset),
          serviceId: r.service,
          category: r.category,
          amount: { nanos: r.nanos < 0n ? -r.nanos : r.nanos, currency: 'EUR' },
          source: 'p',
        }));
        const { projection, source } = projectSpend(records, [], { asOf, to, currency: 'EUR' });
        for (const p of projection) {
          expect(p.day > asOf && p.day <= to).toBe(true);
          expect(p.low.nanos <= p.expected.nanos && p.expected.nanos <= p.high.nanos).toBe(true);
          expect(p.serviceId).not.toBeNull();
        }
        const series = new Set(projection.map((p) => `${p.serviceId}|${p.category}`));
        expect(projection).toHaveLength(series.size * horizon);
        expect(source).toBe(projection.length === 0 ? 'none' : 'run-rate');
      }),
    );
  });
});
