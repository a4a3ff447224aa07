import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { money } from '../domain/money.ts';
import { backupUsage } from './backup-usage.ts';
import { billingMonths } from './billing-months.ts';
import { capCredits, computeSegmentCost } from './compute-cost.ts';
import { testCatalog, testType } from './cost-fixtures.ts';
import { costPlan } from './plan-cost.ts';

const HOUR = 3_600_000;
const JAN = Date.UTC(2027, 0, 1);
const whole = (n: number) => [{ startIndex: 0, endIndex: n }];

describe('billingMonths', () => {
  it.each([
    [JAN, 24 * 31, ['2027-01']],
    [JAN, 24 * 31 + 1, ['2027-01', '2027-02']],
    [Date.UTC(2028, 1, 28), 48, ['2028-02']],
    [Date.UTC(2027, 11, 31, 23), 2, ['2027-12', '2028-01']],
    [JAN, 0, []],
  ])('splits %i + %i steps into %j', (start, length, keys) => {
    expect(billingMonths(start, HOUR, length).map((m) => m.key)).toEqual(keys);
  });

  it('knows the hours of February in a leap year', () => {
    expect(billingMonths(Date.UTC(2028, 1, 1), HOUR, 1)[0]?.hoursInMonth).toBe(29 * 24);
  });
});

describe('compute cost', () => {
  it('multiplies exactly, also for half-hour steps', () => {
    expect(computeSegmentCost([2, 2, 3], { startIndex: 0, endIndex: 3 }, money('0.5', 'EUR'), HOUR)).toEqual(
      money('3.5', 'EUR'),
    );
    expect(
      computeSegmentCost([1, 1], { startIndex: 0, endIndex: 2 }, money('0.0114', 'EUR'), HOUR / 2),
    ).toEqual(money('0.0114', 'EUR'));
  });

  it('credits a monthly cap per instance slot', () => {
    const months = billingMonths(JAN, HOUR, 744);
    const counts = Array.from({ length: 744 }, (_, i) => (i < 10 ? 2 : 1));
    const credits = capCredits(counts, months, money('0.01', 'EUR'), money('5', 'EUR'), HOUR);
    // slot 1 runs 744 h = 7.44 → capped at 5; slot 2 runs 10 h = 0.10 → below the cap
    expect(credits).toEqual([{ month: '2027-01', amount: money('-2.44', 'EUR'), instances: 1 }]);
  });
});

describe('backupUsage', () => {
  it('keeps ceil(retention/7)+1 fulls and six increments each; sends fulls on Sundays', () => {
    const sunday = Date.UTC(2027, 0, 3);
    const usage = backupUsage(
      Array(48).fill(100),
      { retentionDays: 28, dailyChangeRate: 0.05 },
      sunday,
      HOUR,
    );
    expect([usage.fullsKept, usage.incrementsKept]).toEqual([5, 30]);
    expect(usage.storedGib[0]).toBeCloseTo(650);
    expect([usage.transferGib[0], usage.transferGib[1], usage.transferGib[24]]).toEqual([100, 0, 5]);
  });
});

describe('costPlan', () => {
  const catalog = testCatalog();
  const small = testType('small', 2, '0.10');

  it('prices compute, storage, egress with tiers and free allowance, and backup', () => {
    const n = 730;
    const cost = costPlan({
      start: JAN,
      stepMs: HOUR,
      counts: Array(n).fill(2),
      segments: [
        { startIndex: 0, endIndex: 365 },
        { startIndex: 365, endIndex: n },
      ],
      type: small,
      catalog,
      resources: {
        blockGib: Array(n).fill(100),
        egressGib: Array(n).fill(1),
        backup: { policy: { retentionDays: 7, dailyChangeRate: 0 }, target: catalog },
      },
    });
    expect(cost.totals.compute).toEqual(money('146', 'EUR'));
    expect(cost.totals.storage).toEqual(money('7.3', 'EUR'));
    // 730 GiB in January: 10 free, 100 at 0.10, 620 at 0.05
    expect(cost.totals.egress).toEqual(money('41', 'EUR'));
    // 2 fulls kept of 100 GiB at 0.0073 for a 730 h month; same provider: no transfer
    expect(cost.totals.backup).toEqual(money('1.46', 'EUR'));
    expect(cost.segments.map((s) => s.compute)).toEqual([money('73', 'EUR'), money('73', 'EUR')]);
    expect(cost.unpriced).toEqual([]);
  });

  it('says what it could not price and leaves it out of the total', () => {
    const bare = testCatalog({ blockStorage: [], egress: undefined });
    const cost = costPlan({
      start: JAN,
      stepMs: HOUR,
      counts: [1],
      segments: whole(1),
      type: small,
      catalog: bare,
      resources: { blockGib: [10], egressGib: [5] },
    });
    expect(cost.unpriced).toEqual(['test: block storage has no price', 'test: egress has no price']);
    expect(cost.totals.total).toEqual(money('0.1', 'EUR'));
  });

  it('handles an empty plan', () => {
    const cost = costPlan({ start: JAN, stepMs: HOUR, counts: [], segments: [], type: small, catalog });
    expect(cost.totals.total).toEqual(money('0', 'EUR'));
  });

  it('adds up exactly: segments + cap credits = categories = total (property)', () => {
    const capped = testType('capped', 2, '0.0114', { monthlyCap: money('6.5331', 'EUR') });
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 20 }), { minLength: 1, maxLength: 1500 }),
        fc.array(fc.double({ min: 0, max: 5000, noNaN: true }), { minLength: 1, maxLength: 50 }),
        fc.integer({ min: 1, max: 40 }),
        (counts, usage, cuts) => {
          const n = counts.length;
          const series = counts.map((_, i) => usage[i % usage.length] ?? 0);
          const size = Math.max(1, Math.ceil(n / cuts));
          const segments = [];
          for (let s = 0; s < n; s += size) segments.push({ startIndex: s, endIndex: Math.min(n, s + size) });
          const cost = costPlan({
            start: JAN,
            stepMs: HOUR,
            counts,
            segments,
            type: capped,
            catalog,
            resources: {
              blockGib: series,
              egressGib: series,
              backup: {
                policy: { retentionDays: 14, dailyChangeRate: 0.1 },
                target: testCatalog({ provider: 'other' }),
              },
            },
          });
          const t = cost.totals;
          const lines = cost.segments.reduce((sum, s) => sum + s.total.nanos, 0n);
          const credits = cost.capCredits.reduce((sum, c) => sum + c.amount.nanos, 0n);
          expect(lines + credits).toBe(t.total.nanos);
          expect(t.compute.nanos + t.storage.nanos + t.egress.nanos + t.backup.nanos).toBe(t.total.nanos);
          for (const s of cost.segments) {
            expect(s.compute.nanos + s.storage.nanos + s.egress.nanos + s.backup.nanos).toBe(s.total.nanos);
          }
        },
      ),
      { numRuns: 60 },
    );
  });
});
