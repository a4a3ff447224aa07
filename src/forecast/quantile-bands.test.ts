import { describe, expect, it } from 'vitest';
import { conformalQuantile } from './quantile-bands.ts';

const sorted = Float64Array.from({ length: 1000 }, (_, i) => i - 500);

describe('conformalQuantile', () => {
  it('with many origins is the plain empirical quantile', () => {
    expect(conformalQuantile(sorted, 0.9, Number.POSITIVE_INFINITY)).toBe(sorted[899]);
    expect(conformalQuantile(sorted, 0.1, Number.POSITIVE_INFINITY)).toBe(sorted[100]);
  });

  it('counts a new forecast as one more origin, moving both tails outward', () => {
    // 1,000 errors from 20 origins: the 97.5 % quantile is taken at 97.5 % x 21/20, about 102 % -> the largest.
    expect(conformalQuantile(sorted, 0.975, 20)).toBe(499);
    expect(conformalQuantile(sorted, 0.025, 20)).toBe(-500);
    // From 100 origins the 90 % quantile moves from rank 900 to rank 909.
    expect(conformalQuantile(sorted, 0.9, 100)).toBe(sorted[908]);
    expect(conformalQuantile(sorted, 0.1, 100)).toBe(sorted[1000 - 909]);
  });

  it('is 0 without errors', () => {
    expect(conformalQuantile(new Float64Array(0), 0.9, 10)).toBe(0);
  });
});
