import { nothing, svg, type TemplateResult } from 'lit';
import { effectPercent, effectSummary } from '../../src/forecast/event-effects.ts';
import type { ForecastData } from '../api/load-forecast.ts';
import type { Formatters } from '../format/formatters.ts';
import { unitLabel } from '../format/metric-label.ts';
import { localMidnights } from '../format/zoned-time.ts';
import type { ChartBox, ForecastGeometry } from './forecast-geometry.ts';

export interface CursorPoint {
  readonly t: number;
  readonly actual?: number | undefined;
  readonly mean?: number | undefined;
  readonly bands: { level: number; lower: number; upper: number }[];
}

/** The point of history or forecast nearest to an instant. */
export function pointNear(data: ForecastData, t: number): CursorPoint | undefined {
  const h = data.history;
  const f = data.forecast;
  const nearest = (times: readonly number[]) => {
    let lo = 0;
    let hi = times.length - 1;
    if (hi < 0) return -1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((times[mid] as number) < t) lo = mid + 1;
      else hi = mid;
    }
    if (lo > 0 && Math.abs((times[lo - 1] as number) - t) < Math.abs((times[lo] as number) - t)) lo--;
    return lo;
  };
  const fi = nearest(f.t);
  const hi = nearest(h.t);
  const fd = fi < 0 ? Number.POSITIVE_INFINITY : Math.abs((f.t[fi] as number) - t);
  const hd = hi < 0 ? Number.POSITIVE_INFINITY : Math.abs((h.t[hi] as number) - t);
  if (fi < 0 && hi < 0) return undefined;
  if (fd <= hd) {
    return {
      t: f.t[fi] as number,
      mean: f.mean[fi],
      bands: f.bands.map((b) => ({
        level: b.level,
        lower: b.lower[fi] as number,
        upper: b.upper[fi] as number,
      })),
      ...(hd === fd ? { actual: h.v[hi] } : {}),
    };
  }
  return { t: h.t[hi] as number, actual: h.v[hi], bands: [] };
}

/** The chart as SVG; decorative for assistive technology (the slider and the table carry it). */
export function forecastChart(
  data: ForecastData,
  g: ForecastGeometry,
  box: ChartBox,
  fmt: Formatters,
  capacity: number,
  cursor: CursorPoint | undefined,
  labels: { now: string; peak: string; lang: 'de' | 'en' },
): TemplateResult {
  const unit = unitLabel(labels.lang, data.unit);
  const [from, to] = g.x.domain;
  const days = (to - from) / 86_400_000;
  // Day labels ("24. Okt.") need about 64 px each: on a phone the chart is narrow, so fewer.
  const perDay = (box.width - box.left - box.right) / Math.max(days, 1);
  const every = [1, 7, 14, 30, 61, 91, 182].find((n) => n * perDay >= 64) ?? 365;
  const ticks = localMidnights(from, to, fmt.zone, every);
  const bottom = box.height - box.bottom;
  const peakT = data.forecast.t[g.peak];
  const peakV = data.forecast.mean[g.peak];
  return svg`<svg viewBox="0 0 ${box.width} ${box.height}" width="100%" height="${box.height}" aria-hidden="true" part="svg">
    <text class="tick" x=${box.left - 6} y=${box.top - 10} text-anchor="end">${unit}</text>
    <g class="marks">${g.marks.map(
      (m) =>
        svg`<rect class=${m.kind} x=${m.x} y=${box.top} width=${m.width} height=${bottom - box.top}><title>${m.name}${m.effect ? `: ${effectSummary(m.effect, labels.lang)}` : ''}</title></rect>`,
    )}</g>
    <g class="effects">${g.marks.map((m, i) =>
      m.effect && m.width >= 24
        ? svg`<text class="effect-label" x=${m.x + 3} y=${box.top + 11 + (i % 2) * 12}>${effectPercent(m.effect.uplift, labels.lang)}</text>`
        : nothing,
    )}</g>
    <g class="grid">${g.yTicks.map(
      (v) => svg`<line x1=${box.left} x2=${box.width - box.right} y1=${g.y(v)} y2=${g.y(v)}></line>
        <text class="tick" x=${box.left - 6} y=${g.y(v)} dy="0.32em" text-anchor="end">${fmt.number(v)}</text>`,
    )}</g>
    <g class="xaxis">${ticks.map(
      (t) => svg`<line x1=${g.x(t)} x2=${g.x(t)} y1=${bottom} y2=${bottom + 4}></line>
        <text class="tick" x=${g.x(t)} y=${bottom + 16} text-anchor="middle">${fmt.day(t)}</text>`,
    )}</g>
    ${g.bands.map((b) => svg`<path class="band band-${b.level}" d=${b.d}></path>`)}
    <path class="history" d=${g.history}></path>
    <path class="mean" d=${g.mean}></path>
    ${g.capacity ? svg`<path class="capacity plan-capacity" d=${g.capacity}></path>` : nothing}
    ${capacity > 0 ? svg`<line class="capacity" x1=${box.left} x2=${box.width - box.right} y1=${g.y(capacity)} y2=${g.y(capacity)}></line>` : nothing}
    ${
      g.nowX === undefined
        ? nothing
        : svg`<line class="now" x1=${g.nowX} x2=${g.nowX} y1=${box.top} y2=${bottom}></line>
      <text class="tick" x=${g.nowX + 4} y=${box.top + 10}>${labels.now}</text>`
    }
    ${
      peakT === undefined || peakV === undefined
        ? nothing
        : svg`<circle class="peak" cx=${g.x(peakT)} cy=${g.y(peakV)} r="5"></circle>
      <text class="peak-label" x=${g.x(peakT)} y=${Math.max(box.top + 10, g.y(peakV) - 10)} text-anchor="middle">${labels.peak}</text>`
    }
    ${
      cursor
        ? svg`<line class="cursor" x1=${g.x(cursor.t)} x2=${g.x(cursor.t)} y1=${box.top} y2=${bottom}></line>
      ${cursor.mean === undefined ? nothing : svg`<circle class="dot-mean" cx=${g.x(cursor.t)} cy=${g.y(cursor.mean)} r="4"></circle>`}
      ${cursor.actual === undefined ? nothing : svg`<circle class="dot-actual" cx=${g.x(cursor.t)} cy=${g.y(cursor.actual)} r="4"></circle>`}`
        : nothing
    }
  </svg>`;
}
