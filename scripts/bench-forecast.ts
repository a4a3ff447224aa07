/**
 * `npm run bench:forecast`: scores the forecaster on the real series in fixtures/series against
 * the daily and weekly seasonal naive forecasts and @bsull/augurs MSTL + AutoETS, following the
 * protocol of issue 4, and prints one table.
 *
 * Protocol: series spanning at least 21 days go on an hourly grid (mean of the samples in each UTC
 * hour), shorter ones on a 5-minute grid; the last day is held out for all series and the last week
 * for the hourly ones; training uses everything before. Gaps stay gaps for our model (it handles
 * them); the references get them filled by linear interpolation because they need a gap-free input.
 * Our model gets the series' local time zone (as a tenant's time zone), the references do not use one.
 * The seasonal naive references are the sibling models in src/forecast/seasonal-naive.ts (normal
 * bands from the in-sample seasonal differences, widened by sqrt(number of seasons ahead)).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { initSync, MSTL } from '@bsull/augurs/mstl';
import { forecast } from '../src/forecast/forecast.ts';
import { type ForecastModel, forecastModels } from '../src/forecast/forecast-models.ts';

const HOUR = 3_600_000;
const FIVE_MIN = 300_000;
const DAY = 86_400_000;
const dir = join(import.meta.dirname, '..', 'fixtures', 'series');

/** The local zone of each source (see fixtures/series/SOURCES.md); NAB and mscloud are UTC. */
const zones: Record<string, string> = {
  ucibike__dc_capitalbikeshare_rentals: 'America/New_York',
  pjm__dom_load_mw: 'America/New_York',
  ucimetro__i94_westbound_traffic_volume: 'America/Chicago',
  uciseoulbike__seoul_public_bike_rentals: 'Asia/Seoul',
};

interface Grid {
  name: string;
  start: number;
  stepMs: number;
  values: (number | null)[];
}

function loadGrid(file: string): Grid {
  const rows = readFileSync(join(dir, file), 'utf8').trim().split('\n').slice(1);
  const points = rows.map((r) => {
    const [ts, v] = r.split(',');
    return [Date.parse(ts as string), Number(v)] as const;
  });
  const first = (points[0] as readonly [number, number])[0];
  const last = (points[points.length - 1] as readonly [number, number])[0];
  const hourly = last - first >= 21 * DAY;
  const stepMs = hourly ? HOUR : FIVE_MIN;
  const start = hourly ? Math.floor(first / HOUR) * HOUR : first;
  const length = Math.floor((last - start) / stepMs) + 1;
  const sum = new Float64Array(length);
  const count = new Int32Array(length);
  for (const [t, v] of points) {
    const i = hourly ? Math.floor((t - start) / stepMs) : Math.round((t - start) / stepMs);
    if (i >= 0 && i < length && Number.isFinite(v)) {
      sum[i] = (sum[i] as number) + v;
      count[i] = (count[i] as number) + 1;
    }
  }
  const values = Array.from({ length }, (_, i) =>
    (count[i] as number) ? (sum[i] as number) / (count[i] as number) : null,
  );
  return { name: file.replace(/\.csv$/, ''), start, stepMs, values };
}

function interpolate(values: readonly (number | null)[]): number[] {
  const out = values.map((v) => v ?? Number.NaN);
  let prev = -1;
  for (let i = 0; i <= out.length; i++) {
    if (i < out.length && Number.isNaN(out[i] as number)) continue;
    if (i - prev > 1) {
      for (let j = prev + 1; j < i; j++) {
        const a = prev >= 0 ? (out[prev] as number) : i < out.length ? (out[i] as number) : 0;
        const b = i < out.length ? (out[i] as number) : a;
        out[j] = a + ((b - a) * (j - prev)) / (i - prev);
      }
    }
    prev = i;
  }
  return out;
}

interface Prediction {
  mean: number[];
  lower80: number[];
  upper80: number[];
  lower95: number[];
  upper95: number[];
}

type Method = (train: Grid, filled: number[], horizon: number) => Prediction;

const ours: Method = (train, _filled, horizon) => {
  const r = forecast({
    start: train.start,
    stepMs: train.stepMs,
    values: train.values,
    horizon,
    levels: [80, 95],
    timeZone: zones[train.name] ?? 'UTC',
  });
  const [b80, b95] = r.bands;
  return {
    mean: r.mean,
    lower80: b80?.lower ?? [],
    upper80: b80?.upper ?? [],
    lower95: b95?.lower ?? [],
    upper95: b95?.upper ?? [],
  };
};

/** The seasonal naive siblings of our model, run on the gap-filled series like the peer. */
function naive(model: ForecastModel): Method {
  return (train, filled, horizon) => {
    const r = model({ start: train.start, stepMs: train.stepMs, values: filled, horizon, levels: [80, 95] });
    const [b80, b95] = r.bands;
    return {
      mean: r.mean,
      lower80: b80?.lower ?? [],
      upper80: b80?.upper ?? [],
      lower95: b95?.lower ?? [],
      upper95: b95?.upper ?? [],
    };
  };
}

const require = createRequire(import.meta.url);
initSync({
  module: readFileSync(require.resolve('@bsull/augurs/mstl').replace(/mstl\.js$/, 'mstl_bg.wasm')),
});

const augurs: Method = (train, filled, horizon) => {
  const perDay = Math.round(DAY / train.stepMs);
  const periods = filled.length >= 3 * 7 * perDay ? [perDay, 7 * perDay] : [perDay];
  const model = MSTL.ets(periods);
  model.fit(filled);
  const p80 = model.predict(horizon, 0.8);
  const p95 = model.predict(horizon, 0.95);
  model.free();
  return {
    mean: p80.point,
    lower80: p80.intervals?.lower ?? p80.point,
    upper80: p80.intervals?.upper ?? p80.point,
    lower95: p95.intervals?.lower ?? p95.point,
    upper95: p95.intervals?.upper ?? p95.point,
  };
};

const methods: [string, Method][] = [
  ['ours', ours],
  ['seasonal naive (daily)', naive(forecastModels['seasonal-naive-daily'])],
  ['seasonal naive (weekly)', naive(forecastModels['seasonal-naive-weekly'])],
  ['augurs MSTL+AutoETS', augurs],
];

interface Score {
  mase: number;
  smape: number;
  cov80: number;
  cov95: number;
  peak: boolean;
  ms: number;
}

function score(pred: Prediction, actual: (number | null)[], scale: number, ms: number): Score {
  let abs = 0;
  let sm = 0;
  let in80 = 0;
  let in95 = 0;
  let count = 0;
  let peak = Number.NEGATIVE_INFINITY;
  for (let h = 0; h < actual.length; h++) {
    const a = actual[h];
    if (a === null || a === undefined) continue;
    const f = pred.mean[h] as number;
    abs += Math.abs(f - a);
    sm += Math.abs(f) + Math.abs(a) > 0 ? (200 * Math.abs(f - a)) / (Math.abs(f) + Math.abs(a)) : 0;
    if (a >= (pred.lower80[h] as number) && a <= (pred.upper80[h] as number)) in80++;
    if (a >= (pred.lower95[h] as number) && a <= (pred.upper95[h] as number)) in95++;
    peak = Math.max(peak, a);
    count++;
  }
  return {
    mase: abs / count / scale,
    smape: sm / count,
    cov80: in80 / count,
    cov95: in95 / count,
    peak: Math.max(...pred.upper95) >= peak,
    ms,
  };
}

function inSampleScale(filled: number[], lag: number): number {
  let s = 0;
  for (let i = lag; i < filled.length; i++)
    s += Math.abs((filled[i] as number) - (filled[i - lag] as number));
  return s / Math.max(1, filled.length - lag) || 1;
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length
    ? s.length % 2
      ? (s[s.length >> 1] as number)
      : ((s[s.length / 2 - 1] as number) + (s[s.length / 2] as number)) / 2
    : Number.NaN;
};

const grids = readdirSync(dir)
  .filter((f) => f.endsWith('.csv'))
  .sort()
  .map(loadGrid);
const results = new Map<string, Score[]>();
const perSeries: string[] = [];
for (const grid of grids) {
  const perDay = Math.round(DAY / grid.stepMs);
  const horizons =
    grid.stepMs === HOUR
      ? [['1 day', perDay] as const, ['1 week', 7 * perDay] as const]
      : [['1 day', perDay] as const];
  for (const [label, horizon] of horizons) {
    const n = grid.values.length - horizon;
    const train: Grid = { ...grid, values: grid.values.slice(0, n) };
    const actual = grid.values.slice(n);
    const filled = interpolate(train.values);
    const scale = inSampleScale(filled, perDay);
    const line: string[] = [];
    for (const [name, method] of methods) {
      const t0 = performance.now();
      const pred = method(train, filled, horizon);
      const ms = performance.now() - t0;
      const s = score(pred, actual, scale, ms);
      const key = `${label}|${name}`;
      results.set(key, [...(results.get(key) ?? []), s]);
      line.push(`${name.split(' ')[0]}=${s.mase.toFixed(2)}${s.peak ? '' : '*'}`);
    }
    perSeries.push(`  ${grid.name.padEnd(44)} ${label.padEnd(7)} MASE ${line.join(' ')}`);
  }
}

const geo = (xs: number[]): number =>
  Math.exp(xs.reduce((a, b) => a + Math.log(Math.max(b, 1e-9)), 0) / xs.length);
const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
const pct = (x: number): string => `${(x * 100).toFixed(1)} %`;
const rows: string[][] = [
  ['horizon', 'method', 'series', 'MASE (geo)', 'sMAPE', 'cov 80', 'cov 95', 'peak in 95', 'median ms'],
];
for (const label of ['1 day', '1 week']) {
  for (const [name] of methods) {
    const s = results.get(`${label}|${name}`) ?? [];
    rows.push([
      label,
      name,
      String(s.length),
      geo(s.map((x) => x.mase)).toFixed(3),
      mean(s.map((x) => x.smape)).toFixed(1),
      pct(mean(s.map((x) => x.cov80))),
      pct(mean(s.map((x) => x.cov95))),
      pct(mean(s.map((x) => (x.peak ? 1 : 0)))),
      median(s.map((x) => x.ms)).toFixed(1),
    ]);
  }
}

// Speed: windows of 8 weeks of hourly history from the hourly series, horizon one day.
const hourly = grids.filter((g) => g.stepMs === HOUR && g.values.length >= 8 * 168 + 24);
const windows: Grid[] = [];
for (let k = 0; windows.length < 1000; k++) {
  const g = hourly[k % hourly.length] as Grid;
  const room = g.values.length - 8 * 168;
  const offset = (k * 7919) % room;
  windows.push({ ...g, start: g.start + offset * HOUR, values: g.values.slice(offset, offset + 8 * 168) });
}
const times: number[] = [];
const cpuTimes: number[] = [];
const t0 = performance.now();
for (const w of windows) {
  const c = process.cpuUsage();
  const t = performance.now();
  ours(w, [], 24);
  times.push(performance.now() - t);
  cpuTimes.push(process.cpuUsage(c).user / 1000);
}
const seconds = (performance.now() - t0) / 1000;
const weekTimes: number[] = [];
const weekCpu: number[] = [];
for (const w of windows.slice(0, 100)) {
  const c = process.cpuUsage();
  const t = performance.now();
  ours(w, [], 168);
  weekTimes.push(performance.now() - t);
  weekCpu.push(process.cpuUsage(c).user / 1000);
}

const widths = rows[0]?.map((_, c) => Math.max(...rows.map((r) => (r[c] as string).length))) ?? [];
const fmtRow = (r: string[]): string =>
  `| ${r.map((cell, c) => cell.padEnd(widths[c] as number)).join(' | ')} |`;
console.log('Per series (MASE; * = actual peak above the highest 95 % upper bound):');
console.log(perSeries.join('\n'));
console.log();
console.log(fmtRow(rows[0] as string[]));
console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
for (const r of rows.slice(1)) console.log(fmtRow(r));
console.log();
const [load1] = loadavg();
console.log(
  `ours, 8 weeks hourly history: median fit+forecast ${median(times).toFixed(1)} ms (horizon 1 day) and ${median(weekTimes).toFixed(1)} ms (horizon 1 week) wall clock, ${median(cpuTimes).toFixed(1)} and ${median(weekCpu).toFixed(1)} ms CPU; throughput ${(windows.length / seconds).toFixed(0)} series/s over ${windows.length} series (horizon 1 day); load average ${load1?.toFixed(1)} on ${cpus().length} cores.`,
);

// Closing note: each target of issue 4, met or not, with the figure.
const notes: string[] = [];
const check = (ok: boolean, text: string): void => {
  notes.push(`  ${ok ? 'met ' : 'MISS'}  ${text}`);
};
for (const label of ['1 day', '1 week']) {
  const mase = (name: string): number => geo((results.get(`${label}|${name}`) ?? []).map((x) => x.mase));
  const refs = methods.slice(1).map(([name]) => [name, mase(name)] as const);
  const [bestName, best] = refs.reduce((a, b) => (b[1] < a[1] ? b : a));
  const ratio = mase('ours') / best;
  check(
    ratio <= 0.9,
    `${label}: MASE ${((1 - ratio) * 100).toFixed(1)} % below the best reference (${bestName}); target at least 10 %`,
  );
  const ours = results.get(`${label}|ours`) ?? [];
  const c80 = mean(ours.map((x) => x.cov80));
  const c95 = mean(ours.map((x) => x.cov95));
  check(c80 >= 0.75 && c80 <= 0.85, `${label}: 80 % band covers ${pct(c80)}; target 75-85 %`);
  check(c95 >= 0.92 && c95 <= 0.98, `${label}: 95 % band covers ${pct(c95)}; target 92-98 %`);
  if (label === '1 day') {
    const peak = mean(ours.map((x) => (x.peak ? 1 : 0)));
    check(peak >= 0.9, `${label}: actual peak covered in ${pct(peak)} of series; target at least 90 %`);
  }
}
check(
  median(weekTimes) < 50 && median(times) < 50,
  `8 weeks hourly: median fit+forecast under 50 ms (wall clock, both horizons)`,
);
console.log();
console.log('Targets:');
console.log(notes.join('\n'));
