import { describe, expect, it } from 'vitest';
import type { ForecastData } from '../api/load-forecast.ts';
import { forecastGeometry } from './forecast-geometry.ts';

const HOUR = 3_600_000;
const box = { width: 720, height: 280, left: 56, right: 32, top: 22, bottom: 28 };

function data(
  historyHours: number,
  forecastHours: number,
  value = (i: number) => 10 + (i % 24),
): ForecastData {
  const ht = Array.from({ length: historyHours }, (_, i) => i * HOUR);
  const ft = Array.from({ length: forecastHours }, (_, i) => (historyHours + i) * HOUR);
  const mean = ft.map((_, i) => value(historyHours + i));
  return {
    metric: 'requests_per_second',
    unit: '1/s',
    timeZone: 'Europe/Berlin',
    history: { t: ht, v: ht.map((_, i) => value(i)) },
    forecast: {
      t: ft,
      mean,
      bands: [{ level: 95, lower: mean.map((m) => m * 0.8), upper: mean.map((m) => m * 1.2) }],
    },
    marks: [
      { name: 'before the view', kind: 'event', start: -10 * HOUR, end: -5 * HOUR },
      { name: 'inside', kind: 'holiday', start: 24 * HOUR, end: 48 * HOUR },
    ],
    effects: [],
    explanation: '',
    backtest: null,
    capacity: [],
  };
}

describe('forecastGeometry', () => {
  it('finds the peak of the mean, keeps only marks in view, and scales to round ticks above all values', () => {
    const d = data(48, 24, (i) => (i === 60 ? 500 : 10));
    const g = forecastGeometry(d, box, 0, 0);
    expect(g.peak).toBe(12);
    expect(g.marks.map((m) => m.name)).toEqual(['inside']);
    expect(g.yTicks.at(-1)).toBeGreaterThanOrEqual(600);
    expect(g.nowX).toBeCloseTo(g.x(48 * HOUR));
    expect(g.bands).toHaveLength(1);
  });

  it.each([
    ['no forecast', data(48, 0)],
    ['no history', data(0, 24)],
    ['a constant zero series', data(48, 24, () => 0)],
    ['one point', data(1, 0)],
  ])('draws %s without NaN', (_name, d) => {
    const g = forecastGeometry(d, box, 0, 0);
    for (const path of [g.history, g.mean, ...g.bands.map((b) => b.d)]) expect(path).not.toContain('NaN');
    expect(g.yTicks.length).toBeGreaterThan(1);
  });

  it('draws the capacity line inside the scale even above every value', () => {
    const g = forecastGeometry(data(24, 24), box, 0, 1000);
    expect(g.y(1000)).toBeGreaterThanOrEqual(box.top);
  });

  it('draws the plan capacity as steps inside the view and scales to it', () => {
    const d = {
      ...data(24, 24),
      capacity: [
        { from: -48 * HOUR, to: -24 * HOUR, value: 5 },
        { from: 24 * HOUR, to: 36 * HOUR, value: 300 },
        { from: 36 * HOUR, to: 48 * HOUR, value: 60 },
      ],
    };
    const g = forecastGeometry(d, box, 0, 0);
    expect(g.capacity.match(/M/g)).toHaveLength(1);
    expect(g.capacity.match(/L/g)).toHaveLength(3);
    expect(g.yTicks.at(-1)).toBeGreaterThanOrEqual(300);
    expect(forecastGeometry(data(24, 24), box, 0, 0).capacity).toBe('');
  });

  it('leaves gaps in the history where values are missing', () => {
    const d = data(10, 0, (i) => (i === 5 ? Number.NaN : 1));
    expect(forecastGeometry(d, box, 0, 0).history.match(/M/g)).toHaveLength(2);
  });
});
