import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { apportion, roundLinesToCents } from './largest-remainder.ts';

describe('apportion', () => {
  it.each([
    [100n, [1n, 1n, 1n], [34n, 33n, 33n]],
    [0n, [5n, 3n], [0n, 0n]],
    [-100n, [1n, 1n, 1n], [-33n, -33n, -34n]],
    [10n, [1n], [10n]],
    [7n, [0n, 1n], [0n, 7n]],
    [0n, [], []],
    [0n, [1n, -1n], [0n, 0n]],
    [100n, [3n, -1n], [150n, -50n]],
    [10n ** 20n, [123_456n, 654_321n], [15_872_930_158_644_444_359n, 84_127_069_841_355_555_641n]],
  ])('split %#', (total, weights, expected) => {
    expect(apportion(total, weights)).toEqual(expected);
  });

  it.each([
    [1n, []],
    [1n, [1n, -1n]],
  ])('refuses split %#', (total, weights) => {
    expect(() => apportion(total, weights)).toThrow(/cannot split/);
  });

  it('always adds up and keeps every part within one unit of its exact share', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: -(10n ** 12n), max: 10n ** 12n }),
        fc
          .array(fc.bigInt({ min: 0n, max: 10n ** 9n }), { minLength: 1, maxLength: 30 })
          .filter((w) => w.some((x) => x > 0n)),
        (total, weights) => {
          const parts = apportion(total, weights);
          expect(parts.reduce((a, b) => a + b, 0n)).toBe(total);
          const sum = weights.reduce((a, b) => a + b, 0n);
          parts.forEach((part, index) => {
            const exactTimesSum = total * weights[index]!;
            const diff = part * sum - exactTimesSum;
            expect(diff < 0n ? -diff : diff).toBeLessThan(sum);
          });
        },
      ),
    );
  });
});

describe('roundLinesToCents', () => {
  it.each([
    [[], []],
    [
      [3_333_333_333n, 3_333_333_333n, 3_333_333_334n],
      [333n, 333n, 334n],
    ],
    [
      [5_000_000n, 5_000_000n],
      [1n, 0n],
    ],
    [
      [-5_000_000n, 0n],
      [-1n, 0n],
    ],
    [
      [4_000_000n, 4_000_000n, 4_000_000n],
      [1n, 0n, 0n],
    ],
  ])('rounds case %#', (lines, expected) => {
    expect(roundLinesToCents(lines)).toEqual(expected);
  });

  it('lines add up to the rounded exact total and each is off by less than a cent', () => {
    fc.assert(
      fc.property(
        fc.array(fc.bigInt({ min: -(10n ** 15n), max: 10n ** 15n }), { maxLength: 40 }),
        (lines) => {
          const cents = roundLinesToCents(lines);
          const exact = lines.reduce((a, b) => a + b, 0n);
          const total = cents.reduce((a, b) => a + b, 0n);
          const diffTotal = total * 10_000_000n - exact;
          expect(diffTotal <= 5_000_000n && diffTotal >= -5_000_000n).toBe(true);
          cents.forEach((c, i) => {
            const diff = c * 10_000_000n - lines[i]!;
            expect(diff < 10_000_000n && diff > -10_000_000n).toBe(true);
          });
        },
      ),
    );
  });
});
