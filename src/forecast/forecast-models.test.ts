import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type ForecastModel, forecastModels } from './forecast-models.ts';

const HOUR = 3_600_000;
const start = Date.UTC(2026, 2, 2);
const hourly = (n: number, f: (i: number) => number): number[] => Array.from({ length: n }, (_, i) => f(i));

describe.each(Object.entries(forecastModels) as [string, ForecastModel][])('%s', (_name, model) => {
  it.each([
    ['one point', [42]],
    ['constant', new Array(24 * 21).fill(3)],
    ['three weeks of a daily cycle', hourly(24 * 21, (i) => 10 + (i % 24))],
    ['huge values', hourly(24 * 21, (i) => 1e15 + (i % 24) * 1e12)],
    ['negative values', hourly(24 * 21, (i) => -5 - (i % 24))],
    ['gaps', hourly(24 * 21, (i) => 10 + (i % 24)).map((v, i) => (i % 5 === 0 ? null : v))],
  ])('gives a well-formed forecast on %s', (_label, values) => {
    const r = model({
      start,
      stepMs: HOUR,
      values: [...values],
      horizon: 30,
      levels: [80, 95],
      timeZone: 'UTC',
    });
    expect(r.mean).toHaveLength(30);
    expect(r.timestamps[0]).toBe(start + values.length * HOUR);
    expect(r.bands.map((b) => b.level)).toEqual([80, 95]);
    for (let h = 0; h < 30; h++) {
      expect(Number.isFinite(r.mean[h])).toBe(true);
      expect(r.bands[0]?.lower[h] as number).toBeLessThanOrEqual(r.mean[h] as number);
      expect(r.bands[1]?.upper[h] as number).toBeGreaterThanOrEqual(r.bands[0]?.upper[h] as number);
    }
  });

  it('repeats a clean daily cycle', () => {
    const values = hourly(24 * 28, (i) => 10 + (i % 24));
    const r = model({ start, stepMs: HOUR, values, horizon: 24, levels: [80], timeZone: 'UTC' });
    r.mean.forEach((m, h) => {
      expect(m).toBeCloseTo(10 + (h % 24), 0);
    });
  });

  it('is deterministic', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 80 }),
        (values) => {
          const input = { start, stepMs: HOUR, values, horizon: 5, levels: [80] };
          expect(model(input)).toEqual(model(input));
        },
      ),
      { numRuns: 20 },
    );
  });
});
