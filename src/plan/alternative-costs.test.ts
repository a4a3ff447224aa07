import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { money } from '../domain/money.ts';
import { bestBaseline, committedCost, ownHardwareCost, serversForPeak } from './alternative-costs.ts';

const HOUR = 3_600_000;
const hardware = {
  capexPerServer: money('20000', 'EUR'),
  lifeYears: 5,
  opexPerServerYear: money('3000', 'EUR'),
  capacityPerServer: 1000,
  basis: 'gross' as const,
};

describe('committed baseline', () => {
  it.each([
    [[2, 2, 2, 5], '0.6', 2],
    [[2, 2, 2, 5], '0.8', 2],
    [[2, 2, 2, 5], '1', 0],
    [[0, 0, 0], '0.5', 0],
    [[], '0.5', 0],
    [[3, 3], '0.99', 3],
  ])('%j at %s of the hourly price commits %i', (counts, committed, expected) => {
    expect(bestBaseline(Int32Array.from(counts), money('1', 'EUR'), money(committed, 'EUR'))).toBe(expected);
  });

  it('costs the baseline for every step and the burst on demand', () => {
    expect(
      committedCost(Int32Array.from([2, 2, 2, 5]), 2, money('1', 'EUR'), money('0.6', 'EUR'), HOUR),
    ).toEqual(money('7.8', 'EUR'));
  });

  it('chooses the baseline with the lowest cost of all (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 12 }), { minLength: 1, maxLength: 200 }),
        fc.integer({ min: 1, max: 1_000_000 }),
        fc.integer({ min: 1, max: 1_000_000 }),
        (raw, hourlyMicro, share) => {
          const counts = Int32Array.from(raw);
          const hourly = { nanos: BigInt(hourlyMicro) * 1000n, currency: 'EUR' };
          const committed = { nanos: (hourly.nanos * BigInt(share)) / 1_000_000n, currency: 'EUR' };
          const chosen = committedCost(
            counts,
            bestBaseline(counts, hourly, committed),
            hourly,
            committed,
            HOUR,
          ).nanos;
          const peak = Math.max(...raw);
          for (let b = 0; b <= peak; b++) {
            if (committedCost(counts, b, hourly, committed, HOUR).nanos < chosen) return false;
          }
          return true;
        },
      ),
    );
  });
});

describe('own hardware', () => {
  it('amortises capex over the life and adds opex, pro rata', () => {
    expect(ownHardwareCost(hardware, 3, 8760 * HOUR, 'gross')).toEqual(money('21000', 'EUR'));
    expect(ownHardwareCost(hardware, 1, 730 * HOUR, 'gross')).toEqual(money('583.333333333', 'EUR'));
    expect(ownHardwareCost(hardware, 1, 8760 * HOUR, 'net')).toEqual(money('5882.352941176', 'EUR'));
  });

  it.each([
    [1500, 0.7, 1, 4],
    [0, 0.7, 1, 2],
    [700, 0.7, 0, 1],
    [700.0001, 0.7, 2, 4],
  ])('a peak of %f at %f with %i spare needs %i servers', (peak, target, spare, expected) => {
    expect(serversForPeak(peak, { ...hardware, spareServers: spare }, target)).toBe(expected);
  });
});
