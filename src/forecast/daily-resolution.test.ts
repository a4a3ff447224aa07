import { describe, expect, it } from 'vitest';
import { localMidnight, toDailySeries, yearlyProfile } from './daily-resolution.ts';
import { forecast } from './forecast.ts';

const DAY = 86_400_000;

describe('toDailySeries', () => {
  it('averages hours per local day and marks thin days as gaps', () => {
    // 23:00 UTC on 4 January is 00:00 on 5 January in Berlin.
    const start = Date.UTC(2026, 0, 4, 23);
    const values = [...new Array<number>(24).fill(2), ...new Array<number>(24).fill(4), 9, 9];
    const d = toDailySeries(start, 3_600_000, values, 'Europe/Berlin');
    expect(d.values).toEqual([2, 4, null]);
    expect(new Date(d.start).toISOString()).toBe('2026-01-05T11:00:00.000Z');
  });

  it('keeps a history of a few hours as one day', () => {
    expect(toDailySeries(Date.UTC(2026, 0, 5, 9), 3_600_000, [3, 5], 'UTC').values).toEqual([4]);
  });
});

describe('localMidnight', () => {
  it.each([
    [Date.UTC(2026, 2, 29) / DAY, '2026-03-28T23:00:00.000Z'],
    [Date.UTC(2026, 2, 30) / DAY, '2026-03-29T22:00:00.000Z'],
    [Date.UTC(2026, 9, 25) / DAY, '2026-10-24T22:00:00.000Z'],
  ])('day %i starts at %s', (day, iso) => {
    expect(new Date(localMidnight(day, 'Europe/Berlin')).toISOString()).toBe(iso);
  });
});

describe('yearly profile', () => {
  const days = 3 * 365;
  const start = Date.UTC(2023, 0, 1, 12);
  const season = (d: number): number => 100 + 40 * Math.cos((2 * Math.PI * (d - 190)) / 365.25);

  it('needs two years', () => {
    expect(yearlyProfile(new Float64Array(400).fill(1), new Int32Array(500))).toBeUndefined();
  });

  it('carries the yearly shape into a long forecast at daily resolution', () => {
    const values = Array.from({ length: days * 24 }, (_, i) => season(Math.floor(i / 24)) + (i % 24));
    const r = forecast({
      start,
      stepMs: 3_600_000,
      values,
      horizon: 300 * 24,
      levels: [80],
      timeZone: 'UTC',
    });
    expect(r.resolution).toBe('daily');
    expect(r.components.yearly).toBe(true);
    expect(r.mean).toHaveLength(300 * 24);
    // Summer peak around day 190 of the year, winter low around new year (daily means of the hours).
    const dayMean = (date: number): number => {
      const from = r.timestamps.indexOf(date);
      return r.mean.slice(from, from + 24).reduce((a, b) => a + b, 0) / 24;
    };
    const summer = dayMean(Date.UTC(2026, 0, 1) + 190 * DAY);
    const winter = dayMean(Date.UTC(2026, 0, 2));
    expect(summer - winter).toBeGreaterThan(50);
  });
});

describe('events at daily resolution', () => {
  it('lifts exactly the local day of the event', () => {
    const start = Date.UTC(2026, 0, 4, 23);
    const values = Array.from({ length: 8 * 7 * 24 }, (_, i) => 100 + (i % 24));
    const historyEnd = start + values.length * 3_600_000;
    const day = localMidnight(Math.floor(historyEnd / DAY) + 10, 'Europe/Berlin');
    const r = forecast({
      start,
      stepMs: 3_600_000,
      values,
      horizon: 24 * 90,
      levels: [80],
      timeZone: 'Europe/Berlin',
      events: [{ kind: 'election', name: 'Wahl', start: day, end: day + DAY, expectedUplift: 1 }],
    });
    const at = r.timestamps.indexOf(day);
    expect(at).toBeGreaterThan(24);
    const sum = (from: number): number => r.mean.slice(from, from + 24).reduce((a, b) => a + b, 0);
    expect(sum(at) / sum(at - 24)).toBeCloseTo(2, 1);
    expect(sum(at + 24) / sum(at - 24)).toBeCloseTo(1, 1);
    // Within the day the hours keep their shape: 23:00 stays above 00:00.
    expect(r.mean[at + 23] as number).toBeGreaterThan(r.mean[at] as number);
  });
});

describe('daily input', () => {
  it('learns the yearly profile from a daily series of three years', () => {
    const start = Date.UTC(2023, 0, 1);
    const values = Array.from(
      { length: 3 * 365 },
      (_, d) => 100 + 40 * Math.cos((2 * Math.PI * (d - 190)) / 365.25),
    );
    const r = forecast({ start, stepMs: DAY, values, horizon: 365, levels: [80], timeZone: 'UTC' });
    expect(r.resolution).toBe('native');
    expect(r.components.yearly).toBe(true);
    expect(Math.max(...r.mean) - Math.min(...r.mean)).toBeGreaterThan(50);
  });
});
