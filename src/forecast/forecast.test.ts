import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { tzOffsetMs } from '../domain/zone-offset.ts';
import type { ForecastEvent } from './event-effects.ts';
import { forecast } from './forecast.ts';
import type { ForecastResult } from './forecast-types.ts';

const HOUR = 3_600_000;
const DAY = 86_400_000;

/** Deterministic standard normal noise (LCG + Box-Muller), so tests never flake. */
function noise(seed: number): () => number {
  let s = seed;
  const uniform = (): number => {
    s = (s * 16_807) % 2_147_483_647;
    return s / 2_147_483_647;
  };
  return () => Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform());
}

/** Office-hours load in Berlin wall-clock time: weekdays peak at 10:00 local, weekends low. */
function officeLoad(t: number, timeZone = 'Europe/Berlin'): number {
  const local = new Date(t + tzOffsetMs(timeZone, t));
  const hour = local.getUTCHours();
  const weekend = local.getUTCDay() === 0 || local.getUTCDay() === 6;
  const shape = Math.exp(-(((hour - 10) / 3) ** 2));
  return 100 + (weekend ? 20 : 200) * shape;
}

function series(start: number, hours: number, f: (t: number, i: number) => number): number[] {
  return Array.from({ length: hours }, (_, i) => f(start + i * HOUR, i));
}

function expectWellFormed(r: ForecastResult, horizon: number): void {
  expect(r.mean).toHaveLength(horizon);
  expect(r.timestamps).toHaveLength(horizon);
  for (const band of r.bands) {
    expect(band.lower).toHaveLength(horizon);
    expect(band.upper).toHaveLength(horizon);
    for (let h = 0; h < horizon; h++) {
      expect(Number.isFinite(r.mean[h])).toBe(true);
      expect(band.lower[h] as number).toBeLessThanOrEqual(r.mean[h] as number);
      expect(band.upper[h] as number).toBeGreaterThanOrEqual(r.mean[h] as number);
    }
  }
  for (let b = 1; b < r.bands.length; b++) {
    const inner = r.bands[b - 1];
    const outer = r.bands[b];
    for (let h = 0; h < horizon; h++) {
      expect(outer?.upper[h] as number).toBeGreaterThanOrEqual(inner?.upper[h] as number);
    }
  }
}

describe('forecast: daylight saving time', () => {
  it.each([
    ['spring (29 March 2026)', Date.UTC(2026, 2, 26, 23), 8],
    ['autumn (25 October 2026)', Date.UTC(2026, 9, 22, 22), 9],
  ])('keeps the 10:00 local peak across the change in %s', (_label, historyEnd, peakUtcHour) => {
    const start = historyEnd - 28 * DAY;
    const rnd = noise(7);
    const values = series(start, 28 * 24, (t) => officeLoad(t) + rnd() * 5);
    const r = forecast({
      start,
      stepMs: HOUR,
      values,
      horizon: 5 * 24,
      levels: [80, 95],
      timeZone: 'Europe/Berlin',
    });
    // 30 March / 26 October: the Monday after the change.
    const monday = r.timestamps.findIndex(
      (t) => new Date(t).getUTCDay() === 1 && new Date(t).getUTCHours() === 0,
    );
    const day = r.mean.slice(monday, monday + 24);
    const peak = day.indexOf(Math.max(...day));
    expect(new Date(r.timestamps[monday + peak] as number).getUTCHours()).toBe(peakUtcHour);
  });
});

describe('forecast: robustness', () => {
  const start = Date.UTC(2026, 0, 5);
  const base = (seed: number): number[] => {
    const rnd = noise(seed);
    return series(start, 8 * 7 * 24, (t) => officeLoad(t) + rnd() * 10);
  };

  it('does not let a single spike inflate the profile or the bands', () => {
    const clean = base(3);
    const spiked = [...clean];
    const at = clean.length - 10 * 24 + 10;
    spiked[at] = (spiked[at] as number) * 100;
    const args = { start, stepMs: HOUR, horizon: 168, levels: [80, 95], timeZone: 'Europe/Berlin' } as const;
    const a = forecast({ ...args, values: clean });
    const b = forecast({ ...args, values: spiked });
    const maxDiff = Math.max(...a.mean.map((m, h) => Math.abs(m - (b.mean[h] as number))));
    expect(maxDiff).toBeLessThan(20);
    const width = (r: ForecastResult): number =>
      (r.bands[1]?.upper ?? []).reduce((s, u, h) => s + u - (r.bands[1]?.lower[h] as number), 0);
    expect(width(b) / width(a)).toBeLessThan(1.25);
  });

  it('follows a level shift', () => {
    const rnd = noise(5);
    const values = series(start, 6 * 7 * 24, (_t, i) => (i < 6 * 7 * 24 - 72 ? 100 : 200) + rnd() * 5);
    const r = forecast({ start, stepMs: HOUR, values, horizon: 48, levels: [80], timeZone: 'UTC' });
    const avg = r.mean.reduce((s, v) => s + v, 0) / r.mean.length;
    expect(avg).toBeGreaterThan(180);
    expect(avg).toBeLessThan(220);
  });

  it('gives calibrated bands on data with known noise', () => {
    let in80 = 0;
    let in95 = 0;
    let total = 0;
    for (const seed of [11, 12, 13, 14, 15, 16]) {
      const rnd = noise(seed);
      const all = series(start, 9 * 7 * 24, (t) => officeLoad(t) + rnd() * 15);
      const history = all.slice(0, 8 * 7 * 24);
      const future = all.slice(8 * 7 * 24);
      const r = forecast({
        start,
        stepMs: HOUR,
        values: history,
        horizon: 168,
        levels: [80, 95],
        timeZone: 'Europe/Berlin',
      });
      future.forEach((v, h) => {
        if (v >= (r.bands[0]?.lower[h] as number) && v <= (r.bands[0]?.upper[h] as number)) in80++;
        if (v >= (r.bands[1]?.lower[h] as number) && v <= (r.bands[1]?.upper[h] as number)) in95++;
        total++;
      });
    }
    expect(in80 / total).toBeGreaterThan(0.75);
    expect(in80 / total).toBeLessThan(0.87);
    expect(in95 / total).toBeGreaterThan(0.92);
    expect(in95 / total).toBeLessThan(0.99);
  });

  it('is deterministic', () => {
    const values = base(9);
    const input = { start, stepMs: HOUR, values, horizon: 48, levels: [80, 95, 99] };
    expect(forecast(input)).toEqual(forecast(input));
  });
});

describe('forecast: degenerate series', () => {
  const start = Date.UTC(2026, 4, 1);
  it.each([
    ['empty', []],
    ['all gaps', [null, null, null]],
    ['one point', [42]],
    ['fewer than a day', [5, 6, 7, 6, 5, 6, 7, 8, 7, 6]],
    ['constant', new Array(500).fill(3)],
    ['huge values', series(start, 400, (_t, i) => 1e15 + (i % 24) * 1e13)],
    ['negative values', series(start, 400, (_t, i) => -50 + Math.sin(i / 3) * 10)],
    [
      'scattered gaps',
      series(start, 400, (_t, i) => (i % 7 === 3 ? Number.NaN : 10 + (i % 24))).map((v) =>
        Number.isNaN(v) ? null : v,
      ),
    ],
    ['zeros and bursts', series(start, 400, (_t, i) => (i % 50 === 0 ? 1e8 : 0))],
  ] as const)('%s', (_label, values) => {
    const r = forecast({ start, stepMs: HOUR, values: [...values], horizon: 30, levels: [80, 95, 99] });
    expectWellFormed(r, 30);
    expect(r.explanation.length).toBeGreaterThan(0);
  });

  it('forecasts a constant series as that constant with zero-width bands', () => {
    const r = forecast({
      start,
      stepMs: HOUR,
      values: new Array(24 * 30).fill(7),
      horizon: 24,
      levels: [95],
    });
    expect(r.mean.every((m) => Math.abs(m - 7) < 1e-9)).toBe(true);
    expect(r.bands[0]?.upper.every((u) => Math.abs(u - 7) < 1e-9)).toBe(true);
  });

  it('keeps huge values in scale', () => {
    const values = series(start, 24 * 30, (_t, i) => 1e15 * (1 + 0.1 * Math.sin((2 * Math.PI * i) / 24)));
    const r = forecast({ start, stepMs: HOUR, values, horizon: 24, levels: [80] });
    for (const m of r.mean) expect(m / 1e15).toBeGreaterThan(0.85);
    for (const m of r.mean) expect(m / 1e15).toBeLessThan(1.15);
  });

  it('keeps output well formed for any finite series', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.double({ min: -1e12, max: 1e12, noNaN: true }), fc.constant(null)), {
          maxLength: 120,
        }),
        fc.integer({ min: 1, max: 40 }),
        (values, horizon) => {
          expectWellFormed(forecast({ start, stepMs: HOUR, values, horizon, levels: [80, 95] }), horizon);
        },
      ),
      { numRuns: 40 },
    );
  });

  it('models daily means beyond 62 days and still answers hour by hour, with the peak at its local hour', () => {
    const values = series(start, 8 * 7 * 24, (t) => officeLoad(t));
    const end = start + values.length * HOUR;
    // A campaign day 80 days out doubles the load: the peak lies in the stretch of daily means.
    const day80 = end + 80 * 24 * HOUR - tzOffsetMs('Europe/Berlin', end);
    const events = [
      { kind: 'campaign' as const, name: 'Aktion', start: day80, end: day80 + 24 * HOUR, expectedUplift: 1 },
    ];
    const ask = (horizon: number) =>
      forecast({ start, stepMs: HOUR, values, horizon, levels: [80], timeZone: 'Europe/Berlin', events });
    const long = ask(24 * 100);
    const short = ask(24 * 14);
    const sixty = ask(24 * 60);
    expect(long.resolution).toBe('daily');
    expect(long.stepMs).toBe(HOUR);
    expect(long.mean).toHaveLength(2400);
    expect(long.timestamps[1]! - long.timestamps[0]!).toBe(HOUR);
    expectWellFormed(long, 2400);
    // The first 60 days are the hourly model's, as a shorter horizon gives them.
    expect(long.mean.slice(0, 24 * 60)).toEqual(sixty.mean);
    // The campaign's weekday at 10:00 local, twice the height of an ordinary weekday peak: an
    // hour's height, never a day's mean at midnight.
    const peak = long.peak!;
    expect(peak.at).toBeGreaterThanOrEqual(day80);
    expect(peak.at).toBeLessThan(day80 + 24 * HOUR);
    expect(new Date(peak.at + tzOffsetMs('Europe/Berlin', peak.at)).getUTCHours()).toBe(10);
    expect(Math.abs(peak.mean / (2 * short.peak!.mean) - 1)).toBeLessThan(0.1);
    expect(peak.bands[0]!.upper).toBeGreaterThan(peak.mean);
    // No step where the hourly stretch meets the spread daily means (day 62 ends at step 1488).
    const around = long.mean.slice(24 * 61, 24 * 64);
    const dayPeaks = [0, 1, 2].map((d) => Math.max(...around.slice(d * 24, d * 24 + 24)));
    const weekday = (i: number) => new Date(long.timestamps[24 * 61 + i * 24]! + 12 * HOUR).getUTCDay();
    for (const [d, p] of dayPeaks.entries()) {
      if (weekday(d) === 0 || weekday(d) === 6) continue;
      expect(Math.abs(p / short.peak!.mean - 1)).toBeLessThan(0.1);
    }
  });

  it('rejects invalid arguments', () => {
    expect(() => forecast({ start, stepMs: 0, values: [1], horizon: 1 })).toThrow(/stepMs/);
    expect(() => forecast({ start, stepMs: HOUR, values: [1], horizon: 0 })).toThrow(/horizon/);
    expect(() => forecast({ start, stepMs: HOUR, values: [1], horizon: 1, levels: [100] })).toThrow(/level/);
    expect(() =>
      forecast({ start, stepMs: HOUR, values: [1], horizon: 1, timeZone: 'Mars/Olympus' }),
    ).toThrow(/time zone/);
    const event = { kind: 'election', name: 'Wahl', start: 10, end: 5 } as const;
    expect(() => forecast({ start, stepMs: HOUR, values: [1], horizon: 1, events: [event] })).toThrow(
      /event/,
    );
    const uplift = { ...event, end: 20, expectedUplift: -2 };
    expect(() => forecast({ start, stepMs: HOUR, values: [1], horizon: 1, events: [uplift] })).toThrow(
      /expectedUplift/,
    );
  });
});

describe('forecast: calendar and events', () => {
  it('treats a public holiday like a Sunday', () => {
    const start = Date.UTC(2026, 3, 6, 22);
    const values = series(start, 8 * 7 * 24, (t) => officeLoad(t));
    const end = start + values.length * HOUR;
    const args = {
      start,
      stepMs: HOUR,
      values,
      horizon: 7 * 24,
      levels: [80],
      timeZone: 'Europe/Berlin',
    } as const;
    const holidayAt = r0(args.start, values.length, Date.UTC(2026, 5, 4, 8));
    expect(holidayAt).toBeGreaterThanOrEqual(0);
    const plain = forecast(args);
    const bavaria = forecast({ ...args, federalState: 'BY' });
    expect(end).toBeLessThan(Date.UTC(2026, 5, 4));
    expect(plain.mean[holidayAt] as number).toBeGreaterThan(250);
    expect(bavaria.mean[holidayAt] as number).toBeLessThan(150);
  });

  function r0(start: number, n: number, t: number): number {
    return Math.round((t - start) / HOUR) - n;
  }

  const start = Date.UTC(2025, 0, 6);
  const weeks = 12;
  const election = (day: number, name: string, expectedUplift?: number): ForecastEvent => ({
    kind: 'election',
    name,
    start: start + day * DAY,
    end: start + (day + 1) * DAY,
    expectedUplift,
  });

  it('learns the uplift of an election from two past elections', () => {
    const past = [election(20, 'Landtagswahl'), election(55, 'Kommunalwahl')];
    const future = election(weeks * 7 + 3, 'Bundestagswahl', 0.3);
    const rnd = noise(21);
    const values = series(start, weeks * 7 * 24, (t, i) => {
      const inPast = past.some((e) => t >= e.start && t < e.end);
      return (100 + 30 * Math.sin((2 * Math.PI * i) / 24)) * (inPast ? 2.8 : 1) + rnd() * 3;
    });
    const r = forecast({
      start,
      stepMs: HOUR,
      values,
      horizon: 7 * 24,
      levels: [80, 95],
      timeZone: 'UTC',
      events: [...past, future],
    });
    const effect = r.components.events.find((e) => e.name === 'Bundestagswahl');
    expect(effect?.source).toBe('learned');
    expect(effect?.occurrences).toBe(2);
    expect(effect?.uplift).toBeGreaterThan(1.6);
    expect(effect?.uplift).toBeLessThan(2.0);
    expect(r.explanation).toMatch(
      /^Bundestagswahl on 2025-04-03: \+1[6-9]\d % on the previous two elections$/,
    );
    const h = 3 * 24 + 12;
    expect((r.mean[h] as number) / (r.mean[h - 24] as number)).toBeGreaterThan(2.4);
  });

  it('carries the uplift of an event under way into the horizon', () => {
    const running = { ...election(weeks * 7 - 1, 'Landratswahl'), end: start + (weeks * 7 + 1) * DAY };
    const values = series(
      start,
      weeks * 7 * 24,
      (t, i) => (100 + 30 * Math.sin((2 * Math.PI * i) / 24)) * (t >= running.start ? 2 : 1),
    );
    const r = forecast({
      start,
      stepMs: HOUR,
      values,
      horizon: 2 * 24,
      levels: [80],
      timeZone: 'UTC',
      events: [running],
    });
    expect(r.components.events[0]?.source).toBe('past');
    expect(r.explanation).toMatch(
      /^Landratswahl on 2025-03-30: \+(9\d|1\d\d) % so far, assumed to continue$/,
    );
    expect((r.mean[12] as number) / (r.mean[36] as number)).toBeGreaterThan(1.7);
  });

  it('falls back to the expected uplift and says so', () => {
    const future = election(weeks * 7 + 1, 'Bürgermeisterwahl', 0.8);
    const values = series(start, weeks * 7 * 24, (_t, i) => 100 + 30 * Math.sin((2 * Math.PI * i) / 24));
    const r = forecast({
      start,
      stepMs: HOUR,
      values,
      horizon: 3 * 24,
      levels: [80],
      timeZone: 'UTC',
      events: [future],
    });
    expect(r.components.events[0]?.source).toBe('expected');
    expect(r.explanation).toContain('+80 % as expected by you');
    expect((r.mean[36] as number) / (r.mean[12] as number)).toBeCloseTo(1.8, 1);
  });
});

describe('forecast: non-negative series', () => {
  it('never forecasts below zero when the history never was', () => {
    const rnd = noise(31);
    const values = series(Date.UTC(2026, 0, 5), 6 * 7 * 24, () => Math.max(0, Math.round(2 + rnd() * 2)));
    const r = forecast({
      start: Date.UTC(2026, 0, 5),
      stepMs: HOUR,
      values,
      horizon: 48,
      levels: [80, 95, 99],
    });
    for (const band of r.bands) for (const v of band.lower) expect(v).toBeGreaterThanOrEqual(0);
  });
});

describe('forecast: explanation', () => {
  it('names the peak, its range and its driver in local time', () => {
    const start = Date.UTC(2026, 0, 5, 0);
    const rnd = noise(41);
    const values = series(start - HOUR, 4 * 7 * 24, (t) => officeLoad(t) + rnd() * 5);
    const r = forecast({
      start: start - HOUR,
      stepMs: HOUR,
      values,
      horizon: 24,
      levels: [80, 95],
      timeZone: 'Europe/Berlin',
    });
    expect(r.explanation).toMatch(
      /^Peak of \d+ \(up to \d+ at 95 %\) on Mon 2026-02-02 10:00 \(Europe\/Berlin\) follows the weekly profile\.$/,
    );
  });
});
