import { describe, expect, it } from 'vitest';
import { linearScale, niceTicks } from './chart-scale.ts';

describe('chart scales', () => {
  it.each([
    [0, 87, 5, [0, 20, 40, 60, 80, 100]],
    [0, 1, 4, [0, 0.25, 0.5, 0.75, 1]],
    [0, 0, 5, [0, 1]],
    [0, 3e9, 3, [0, 1e9, 2e9, 3e9]],
    [0, Number.NaN, 5, [0, 1]],
  ])('niceTicks(%d, %d, %d)', (min, max, count, ticks) => {
    expect(niceTicks(min, max, count)).toEqual(ticks);
  });

  it('maps and inverts; a constant domain maps to the middle', () => {
    const s = linearScale([10, 20], [100, 0]);
    expect(s(15)).toBe(50);
    expect(s.invert(50)).toBe(15);
    expect(linearScale([5, 5], [0, 10])(5)).toBe(5);
  });
});
