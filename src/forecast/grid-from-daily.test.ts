import { describe, expect, it } from 'vitest';
import { forecastPeak } from './forecast-peak.ts';
import { gridFromDaily } from './grid-from-daily.ts';
import { localSlots } from './local-slots.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
// Monday 2026-01-05 00:00 UTC, four weeks of history and one week ahead.
const START = Date.UTC(2026, 0, 5);
const N = 28 * 24;
const slots = localSlots(START, HOUR, N + 7 * 24, 'UTC');
const firstDay = START / DAY + 28;

function history(f: (hour: number, dow: number, week: number) => number): Float64Array {
  return Float64Array.from({ length: N }, (_, i) => f(i % 24, Math.floor(i / 24) % 7, Math.floor(i / 168)));
}

const flatDaily = (value: number, spread: number) => ({
  firstDay,
  mean: new Array<number>(7).fill(value),
  trend: new Array<number>(7).fill(value),
  bands: [
    {
      level: 80,
      lower: new Array<number>(7).fill(value - spread),
      upper: new Array<number>(7).fill(value + spread),
    },
  ],
});

describe('gridFromDaily', () => {
  it('spreads a day mean by the hours of the local week and keeps the day mean', () => {
    // Weekdays peak at noon at three times the night; weekends are flat.
    const actual = history((hour, dow) => (dow >= 5 ? 10 : hour === 12 ? 30 : 10));
    const r = gridFromDaily(actual, new Int32Array(N + 7 * 24), slots, flatDaily(20, 2));
    const monday = r.mean.slice(0, 24);
    expect(monday.reduce((a, b) => a + b, 0) / 24).toBeCloseTo(20, 6);
    expect(monday.indexOf(Math.max(...monday))).toBe(12);
    expect(monday[12]! / monday[0]!).toBeCloseTo(3, 6);
    const saturday = r.mean.slice(5 * 24, 6 * 24);
    for (const v of saturday) expect(v).toBeCloseTo(20, 6);
    // Noise-free hours add nothing to the day's band: the hour's band is the day's, scaled.
    expect(r.bands[0]!.upper[12]! / monday[12]!).toBeCloseTo(1.1, 6);
  });

  it('widens the bands by how far single hours stray from the shape', () => {
    // The noon hour swings between weeks, the others shift a little from week to week.
    const noisy = history((hour, dow, week) =>
      dow >= 5 ? 10 : hour === 12 ? (week % 2 === 0 ? 24 : 36) : 10 + ((hour + week) % 3),
    );
    const r = gridFromDaily(noisy, new Int32Array(N + 7 * 24), slots, flatDaily(20, 2));
    expect(r.bands[0]!.upper[12]! / r.mean[12]!).toBeGreaterThan(1.1);
    expect(r.bands[0]!.lower[12]! / r.mean[12]!).toBeLessThan(0.9);
  });

  it('uses offsets where a day mean is zero or negative', () => {
    const actual = history((hour) => (hour < 12 ? -5 : 5));
    const r = gridFromDaily(actual, new Int32Array(N + 7 * 24), slots, flatDaily(0, 1));
    expect(r.mean[0]).toBeCloseTo(-5, 6);
    expect(r.mean[13]).toBeCloseTo(5, 6);
    expect(r.bands[0]!.upper[13]).toBeCloseTo(6, 6);
  });

  it('learns nothing from days inside events or without samples, and stays flat then', () => {
    const actual = history((hour) => (hour === 12 ? 30 : 10));
    const allEvents = new Int32Array(N + 7 * 24).fill(1);
    expect(gridFromDaily(actual, allEvents, slots, flatDaily(20, 2)).mean.slice(0, 24)).toEqual(
      new Array(24).fill(20),
    );
    const gaps = new Float64Array(N).fill(Number.NaN);
    expect(gridFromDaily(gaps, new Int32Array(N + 7 * 24), slots, flatDaily(20, 2)).mean[12]).toBe(20);
  });
});

describe('forecastPeak', () => {
  it.each([
    ['empty', [], null],
    ['first of equal highs', [1, 5, 5], 1],
    ['one step', [3], 0],
  ])('%s', (_, mean, step) => {
    const t = mean.map((_, i) => i * HOUR);
    const peak = forecastPeak(t, mean, [
      { level: 95, lower: mean.map((v) => v - 1), upper: mean.map((v) => v + 1) },
    ]);
    if (step === null) expect(peak).toBeNull();
    else
      expect(peak).toEqual({
        step,
        at: step * HOUR,
        mean: mean[step],
        bands: [{ level: 95, lower: mean[step]! - 1, upper: mean[step]! + 1 }],
      });
  });
});
