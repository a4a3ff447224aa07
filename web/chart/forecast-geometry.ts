import type { ForecastData } from '../api/load-forecast.ts';
import { linearScale, niceTicks, type Scale } from './chart-scale.ts';
import { decimate } from './decimate.ts';

export interface ChartBox {
  readonly width: number;
  readonly height: number;
  readonly left: number;
  readonly right: number;
  readonly top: number;
  readonly bottom: number;
}

/** Pixel geometry of one forecast chart: paths as SVG `d` strings, ready to draw. */
export interface ForecastGeometry {
  readonly x: Scale;
  readonly y: Scale;
  readonly yTicks: number[];
  readonly history: string;
  readonly mean: string;
  readonly bands: { level: number; d: string }[];
  readonly marks: {
    name: string;
    kind: 'event' | 'holiday';
    x: number;
    width: number;
    effect?: ForecastData['marks'][number]['effect'];
  }[];
  /** Index into the forecast of the peak (the server's, else the highest mean), or -1 without a forecast. */
  readonly peak: number;
  readonly nowX: number | undefined;
  /** The plan's capacity as a step line, '' without a plan. */
  readonly capacity: string;
}

function line(t: readonly number[], v: readonly number[], x: Scale, y: Scale): string {
  let d = '';
  let pen = false;
  for (let i = 0; i < t.length; i++) {
    const value = v[i] as number;
    if (!Number.isFinite(value)) {
      pen = false;
      continue;
    }
    d += `${pen ? 'L' : 'M'}${x(t[i] as number).toFixed(1)},${y(value).toFixed(1)}`;
    pen = true;
  }
  return d;
}

function area(
  t: readonly number[],
  lower: readonly number[],
  upper: readonly number[],
  x: Scale,
  y: Scale,
): string {
  if (t.length === 0) return '';
  let top = '';
  let bottom = '';
  for (let i = 0; i < t.length; i++) {
    const px = x(t[i] as number).toFixed(1);
    top += `${i === 0 ? 'M' : 'L'}${px},${y(upper[i] as number).toFixed(1)}`;
  }
  for (let i = t.length - 1; i >= 0; i--) {
    bottom += `L${x(t[i] as number).toFixed(1)},${y(lower[i] as number).toFixed(1)}`;
  }
  return `${top}${bottom}Z`;
}

function firstAtOrAfter(t: readonly number[], from: number): number {
  let lo = 0;
  let hi = t.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((t[mid] as number) < from) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Lays out history, bands, mean and marks of a forecast in a box, from `from` to the forecast's end.
 *
 * @example forecastGeometry(data, { width: 720, height: 280, left: 56, right: 16, top: 16, bottom: 28 }, from, 0).mean
 */
export function forecastGeometry(
  data: ForecastData,
  box: ChartBox,
  from: number,
  capacity: number,
): ForecastGeometry {
  const f = data.forecast;
  const h = data.history;
  const end = Math.max(f.t.at(-1) ?? 0, h.t.at(-1) ?? 0);
  const start = Math.min(from, end - 1);
  const x = linearScale([start, end], [box.left, box.width - box.right]);
  const hStart = firstAtOrAfter(h.t, start);
  const visible = decimate(
    h.t.slice(hStart),
    h.v.slice(hStart),
    start,
    end,
    box.width - box.left - box.right,
  );
  let max = Math.max(capacity, 0);
  for (const step of data.capacity) if (step.value > max) max = step.value;
  for (const v of visible.v) if (v > max) max = v;
  for (const v of f.mean) if (v > max) max = v;
  for (const band of f.bands) for (const v of band.upper) if (v > max) max = v;
  const yTicks = niceTicks(0, max, 5);
  const y = linearScale([0, yTicks.at(-1) ?? 1], [box.height - box.bottom, box.top]);
  // The server's peak is the one the explanation and plans quote; the same rule stands in without it.
  let peak = data.peakAt === undefined ? -1 : f.t.indexOf(data.peakAt);
  if (peak < 0) {
    for (let i = 0; i < f.mean.length; i++)
      if (peak < 0 || (f.mean[i] as number) > (f.mean[peak] as number)) peak = i;
  }
  const bands = [...f.bands]
    .sort((a, b) => b.level - a.level)
    .map((band) => ({ level: band.level, d: area(f.t, band.lower, band.upper, x, y) }));
  const marks = data.marks
    .filter((m) => m.end > start && m.start < end)
    .map((m) => {
      const x0 = x(Math.max(m.start, start));
      const width = Math.max(2, x(Math.min(m.end, end)) - x0);
      return { name: m.name, kind: m.kind, x: x0, width, ...(m.effect ? { effect: m.effect } : {}) };
    });
  let steps = '';
  for (const step of data.capacity) {
    if (step.to <= start || step.from >= end) continue;
    const x0 = x(Math.max(step.from, start)).toFixed(1);
    const x1 = x(Math.min(step.to, end)).toFixed(1);
    const yv = y(step.value).toFixed(1);
    steps += `${steps ? 'L' : 'M'}${x0},${yv}L${x1},${yv}`;
  }
  return {
    capacity: steps,
    x,
    y,
    yTicks,
    history: line(visible.t, visible.v, x, y),
    mean: line(f.t, f.mean, x, y),
    bands,
    marks,
    peak,
    nowX: f.t[0] === undefined ? undefined : x(f.t[0]),
  };
}
