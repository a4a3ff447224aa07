import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decimate } from './decimate.ts';

describe('decimate', () => {
  it.each([
    ['empty', [], [], 0],
    ['one point', [0], [5], 1],
    ['few points stay as they are', [0, 1, 2], [1, 2, 3], 3],
  ])('%s', (_name, t, v, length) => {
    expect(decimate(t, v, 0, 10, 100).t).toHaveLength(length);
  });

  it('keeps every column extreme of a year of hourly data and shrinks it', () => {
    const t = Array.from({ length: 8760 }, (_, i) => i * 3_600_000);
    const v = t.map((_, i) => (i === 4321 ? 1e9 : Math.sin(i / 5)));
    const out = decimate(t, v, 0, t.at(-1) as number, 600);
    expect(out.t.length).toBeLessThanOrEqual(2400);
    expect(Math.max(...out.v)).toBe(1e9);
    expect(out.t).toEqual([...out.t].sort((a, b) => a - b));
  });

  it('never invents points and keeps the global min and max (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ noNaN: true, min: -1e6, max: 1e6 }), { minLength: 1, maxLength: 3000 }),
        (values) => {
          const times = values.map((_, i) => i);
          const out = decimate(times, values, 0, values.length, 10);
          for (let i = 0; i < out.t.length; i++) expect(values[out.t[i] as number]).toBe(out.v[i]);
          expect(Math.max(...out.v)).toBe(Math.max(...values));
          expect(Math.min(...out.v)).toBe(Math.min(...values));
        },
      ),
    );
  });
});
