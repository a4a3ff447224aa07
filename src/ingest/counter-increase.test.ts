import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { counterIncrease } from './counter-increase.ts';

describe('counterIncrease', () => {
  it.each([
    ['no points', undefined, [], []],
    ['one point without history', undefined, [{ ts: 1, value: 5 }], []],
    ['one point after history', { ts: 0, value: 2 }, [{ ts: 1, value: 5 }], [{ ts: 1, value: 3 }]],
    [
      'constant',
      undefined,
      [
        { ts: 1, value: 5 },
        { ts: 2, value: 5 },
        { ts: 3, value: 5 },
      ],
      [
        { ts: 2, value: 0 },
        { ts: 3, value: 0 },
      ],
    ],
    [
      'reset to a smaller total',
      { ts: 0, value: 10 },
      [
        { ts: 60, value: 15 },
        { ts: 120, value: 3 },
      ],
      [
        { ts: 60, value: 5 },
        { ts: 120, value: 3 },
      ],
    ],
    [
      'reset to zero',
      undefined,
      [
        { ts: 1, value: 7 },
        { ts: 2, value: 0 },
        { ts: 3, value: 4 },
      ],
      [
        { ts: 2, value: 0 },
        { ts: 3, value: 4 },
      ],
    ],
    [
      'unsorted input',
      undefined,
      [
        { ts: 3, value: 9 },
        { ts: 1, value: 1 },
        { ts: 2, value: 4 },
      ],
      [
        { ts: 2, value: 3 },
        { ts: 3, value: 5 },
      ],
    ],
    [
      'duplicate timestamp',
      undefined,
      [
        { ts: 1, value: 1 },
        { ts: 1, value: 1 },
        { ts: 2, value: 4 },
      ],
      [{ ts: 2, value: 3 }],
    ],
    [
      'late point before previous',
      { ts: 10, value: 100 },
      [
        { ts: 5, value: 50 },
        { ts: 11, value: 101 },
      ],
      [{ ts: 11, value: 1 }],
    ],
    [
      'restart seen only in start time',
      undefined,
      [
        { ts: 1, value: 5, start: 0 },
        { ts: 3, value: 8, start: 2 },
      ],
      [{ ts: 3, value: 8 }],
    ],
    ['huge totals', { ts: 0, value: 2 ** 52 }, [{ ts: 1, value: 2 ** 52 + 2 }], [{ ts: 1, value: 2 }]],
  ])('%s', (_, previous, points, expected) => {
    expect(counterIncrease(previous, points)).toEqual(expected);
  });

  it('never yields negative increases, and without resets they sum to last minus first', () => {
    fc.assert(
      fc.property(fc.array(fc.nat({ max: 1000 }), { minLength: 1, maxLength: 50 }), (steps) => {
        const points = steps.map((_, i) => ({
          ts: i * 60_000,
          value: steps.slice(0, i + 1).reduce((a, b) => a + b, 0),
        }));
        const increases = counterIncrease(undefined, points);
        expect(increases.every((p) => p.value >= 0)).toBe(true);
        const sum = increases.reduce((s, p) => s + p.value, 0);
        expect(sum).toBe((points.at(-1)?.value ?? 0) - (points[0]?.value ?? 0));
      }),
    );
    fc.assert(
      fc.property(fc.array(fc.record({ ts: fc.integer(), value: fc.nat() })), (points) => {
        expect(counterIncrease(undefined, points).every((p) => p.value >= 0)).toBe(true);
      }),
    );
  });
});
