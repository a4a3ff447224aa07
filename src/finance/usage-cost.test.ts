import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { capCredits } from '../cost/compute-cost.ts';
import { money } from '../domain/money.ts';

import { catalogValidOn, type DatedCatalog, dayCharge, type PlanSchedule, usageOfDay } from './usage-cost.ts';

const HOUR = 3_600_000;
const at = (iso: string) => Date.parse(iso);

function plan(
  version: number,
  steps: [from: string, to: string, type: string, count: number][],
): PlanSchedule {
  return {
    planId: `p${version}`,
    version,
    steps: steps.map(([from, to, instanceType, count]) => ({
      from: at(from),
      to: at(to),
      provider: 'rz',
      instanceType,
      count,
    })),
  };
}

const current = { provider: 'rz', instanceType: 'vm-a', count: 2 };

describe('usageOfDay', () => {
  it('has no hours without a plan or a current size', () => {
    expect(usageOfDay('2026-03-01', [], undefined)).toEqual([]);
  });

  it('runs the current size all day', () => {
    expect(usageOfDay('2026-03-01', [], current)).toEqual([
      { source: 'Kapazitätsmodell', provider: 'rz', instanceType: 'vm-a', count: 2, hours: 24 },
    ]);
  });

  it('takes each hour from the first plan covering it, then the current size', () => {
    const newer = plan(2, [['2026-03-01T00:00:00Z', '2026-03-01T06:00:00Z', 'vm-a', 5]]);
    const older = plan(1, [
      ['2026-02-28T00:00:00Z', '2026-03-01T10:00:00Z', 'vm-a', 3],
      ['2026-03-01T10:00:00Z', '2026-03-01T20:00:00Z', 'vm-b', 1],
    ]);
    expect(usageOfDay('2026-03-01', [newer, older], current)).toEqual([
      { source: 'Plan p2 v2', provider: 'rz', instanceType: 'vm-a', count: 5, hours: 6 },
      { source: 'Plan p1 v1', provider: 'rz', instanceType: 'vm-a', count: 3, hours: 4 },
      { source: 'Plan p1 v1', provider: 'rz', instanceType: 'vm-b', count: 1, hours: 10 },
      { source: 'Kapazitätsmodell', provider: 'rz', instanceType: 'vm-a', count: 2, hours: 4 },
    ]);
  });

  it('leaves a gap between steps to the current size, or empty without one', () => {
    const gappy = plan(1, [
      ['2026-03-01T00:00:00Z', '2026-03-01T01:00:00Z', 'vm-a', 1],
      ['2026-03-01T23:00:00Z', '2026-03-02T00:00:00Z', 'vm-a', 1],
    ]);
    expect(usageOfDay('2026-03-01', [gappy], undefined)).toEqual([
      { source: 'Plan p1 v1', provider: 'rz', instanceType: 'vm-a', count: 1, hours: 2 },
    ]);
    expect(usageOfDay('2026-03-01', [gappy], current).at(-1)).toMatchObject({ hours: 22 });
  });

  it('keeps a step of zero instances as covered (the plan said none)', () => {
    const idle = plan(1, [['2026-03-01T00:00:00Z', '2026-03-02T00:00:00Z', 'vm-a', 0]]);
    expect(usageOfDay('2026-03-01', [idle], current)).toEqual([
      { source: 'Plan p1 v1', provider: 'rz', instanceType: 'vm-a', count: 0, hours: 24 },
    ]);
  });

  it('counts a UTC day as 24 hours on the days clocks change in Germany', () => {
    for (const day of ['2026-03-29', '2026-10-25']) expect(usageOfDay(day, [], current)[0]?.hours).toBe(24);
  });

  it('covers every hour exactly once (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: -30, max: 50 }), fc.integer({ min: 1, max: 30 }), fc.nat(9)), {
          maxLength: 6,
        }),
        fc.boolean(),
        (raw, withCurrent) => {
          // Non-overlapping steps of one plan, sorted, around 2026-03-01.
          const base = at('2026-03-01T00:00:00Z');
          const steps = [...raw]
            .sort((a, b) => a[0] - b[0])
            .reduce<{ from: number; to: number; count: number }[]>((acc, [start, length, count]) => {
              const from = Math.max(base + start * HOUR, acc.at(-1)?.to ?? -Infinity);
              acc.push({ from, to: from + length * HOUR, count });
              return acc;
            }, []);
          const schedule: PlanSchedule = {
            planId: 'p',
            version: 1,
            steps: steps.map((s) => ({ ...s, provider: 'rz', instanceType: 'vm-a' })),
          };
          const parts = usageOfDay('2026-03-01', [schedule], withCurrent ? current : undefined);
          const hours = parts.reduce((sum, p) => sum + p.hours, 0);
          if (withCurrent) expect(hours).toBe(24);
          else expect(hours).toBeLessThanOrEqual(24);
        },
      ),
    );
  });
});

function catalog(id: string, validOn: string | null, builtIn = false, created = '2026-01-01'): DatedCatalog {
  return {
    id,
    builtIn,
    provider: 'rz',
    version: validOn ?? 'x',
    validOn,
    createdAt: new Date(created),
  };
}

describe('catalogValidOn', () => {
  const jan = catalog('jan', '2026-01-01');
  const mar = catalog('mar', '2026-03-01');
  it.each([
    ['2026-02-28', 'jan', false],
    ['2026-03-01', 'mar', false],
    ['2027-01-01', 'mar', false],
    ['2025-12-31', 'jan', true],
  ])('on %s uses %s (fallback %s)', (day, id, fallback) => {
    expect(catalogValidOn([mar, jan], day)).toEqual({ catalog: expect.objectContaining({ id }), fallback });
  });

  it('has none without catalogs', () => {
    expect(catalogValidOn([], '2026-03-01')).toBeUndefined();
  });

  it('prefers the tenant’s own over a built-in one of the same date, then the newest import', () => {
    const builtin = catalog('builtin', '2026-03-01', true, '2026-06-01');
    const own = catalog('own', '2026-03-01', false, '2026-02-01');
    const ownLater = catalog('own-later', '2026-03-01', false, '2026-04-01');
    expect(catalogValidOn([builtin, own, ownLater], '2026-05-01')?.catalog.id).toBe('own-later');
  });

  it('treats a catalog without a date as valid from the start', () => {
    expect(catalogValidOn([catalog('undated', null), mar], '2026-02-01')).toEqual({
      catalog: expect.objectContaining({ id: 'undated' }),
      fallback: false,
    });
  });
});

describe('dayCharge', () => {
  const hourly = money('0.0119', 'EUR');
  const cap = money('5.95', 'EUR');

  it('is count × hours × hourly without a cap', () => {
    const billed: bigint[] = [];
    const { charged, uncapped } = dayCharge([{ count: 3, hours: 24 }], hourly, undefined, billed);
    expect(charged).toEqual(money('0.8568', 'EUR'));
    expect(uncapped).toEqual(charged);
  });

  it.each([
    ['far from the cap', 0n, '0.2856'],
    ['reaching the cap during the day', money('5.712', 'EUR').nanos, '0.238'],
    ['at the cap already', cap.nanos, '0'],
    ['past the cap', money('9', 'EUR').nanos, '0'],
  ])('charges one slot %s', (_name, before, expected) => {
    const billed = [before];
    expect(dayCharge([{ count: 1, hours: 24 }], hourly, cap, billed).charged).toEqual(money(expected, 'EUR'));
    expect(billed[0]).toBe(before + hourly.nanos * 24n);
  });

  it('runs slot k in the hours with at least k instances', () => {
    const billed = [cap.nanos, 0n];
    // Slot 1 (24 h) is capped; slot 2 runs the 10 hours with 2 instances.
    const { charged, uncapped } = dayCharge(
      [
        { count: 1, hours: 14 },
        { count: 2, hours: 10 },
      ],
      hourly,
      cap,
      billed,
    );
    expect(charged).toEqual(money('0.119', 'EUR'));
    expect(uncapped).toEqual(money('0.4046', 'EUR'));
  });

  it('sums over a month to the hourly cost less the plan’s cap credits (property)', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.array(fc.tuple(fc.integer({ min: 1, max: 6 }), fc.integer({ min: 1, max: 8 })), {
            maxLength: 3,
          }),
          {
            minLength: 1,
            maxLength: 31,
          },
        ),
        (days) => {
          const billed: bigint[] = [];
          let charged = 0n;
          let uncapped = 0n;
          const counts: number[] = [];
          for (const day of days) {
            const parts = day.map(([count, hours]) => ({ count, hours }));
            const result = dayCharge(parts, hourly, cap, billed);
            charged += result.charged.nanos;
            uncapped += result.uncapped.nanos;
            for (const part of parts) for (let h = 0; h < part.hours; h++) counts.push(part.count);
          }
          const month = { key: '2026-01', startIndex: 0, endIndex: counts.length, hoursInMonth: 744 };
          const credit = capCredits(counts, [month], hourly, cap, HOUR).reduce(
            (sum, c) => sum + c.amount.nanos,
            0n,
          );
          expect(charged).toBe(uncapped + credit);
        },
      ),
    );
  });
});
