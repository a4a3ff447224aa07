import { tzOffsetMs } from '../domain/zone-offset.ts';
import { localSlots } from './local-slots.ts';

const DAY_MS = 86_400_000;
const HALF_YEAR = 182;

export interface DailySeries {
  /** Local noon of the first local day, as epoch ms; the grid steps by 24 h and stays near noon. */
  readonly start: number;
  readonly values: (number | null)[];
  /** Local day number (days since 1970-01-01) of the first value. */
  readonly firstDay: number;
}

/**
 * Means per local calendar day of a sub-daily series, for horizons too long to forecast hour by hour
 * (a year of hours). A day with fewer than half of its samples is a gap (unless no day has more).
 *
 * @example
 * toDailySeries(Date.UTC(2026, 0, 1), 3_600_000, hourlyValues, 'Europe/Berlin').values.length;
 */
export function toDailySeries(
  start: number,
  stepMs: number,
  values: readonly (number | null)[],
  timeZone: string,
): DailySeries {
  const slots = localSlots(start, stepMs, values.length, timeZone);
  const firstDay = slots.localDay[0] ?? Math.floor(start / DAY_MS);
  const lastDay = slots.localDay[values.length - 1] ?? firstDay;
  const days = lastDay - firstDay + 1;
  const sum = new Float64Array(days);
  const count = new Int32Array(days);
  values.forEach((v, i) => {
    if (v === null || !Number.isFinite(v)) return;
    const d = (slots.localDay[i] as number) - firstDay;
    sum[d] = (sum[d] as number) + v;
    count[d] = (count[d] as number) + 1;
  });
  // A history shorter than half a day still yields its one (partial) day.
  const fullest = count.reduce((a, b) => Math.max(a, b), 0);
  const need = Math.max(1, Math.min(Math.floor(slots.slotsPerDay / 2), fullest));
  const out: (number | null)[] = [];
  for (let d = 0; d < days; d++) {
    out.push((count[d] as number) >= need ? (sum[d] as number) / (count[d] as number) : null);
  }
  return { start: localMidnight(firstDay, timeZone) + DAY_MS / 2, values: out, firstDay };
}

/**
 * The UTC instant of 00:00 local time on a local day number.
 *
 * @example
 * new Date(localMidnight(20_631, 'Europe/Berlin')).toISOString(); // '2026-06-27T22:00:00.000Z'
 */
export function localMidnight(day: number, timeZone: string): number {
  const guess = day * DAY_MS - tzOffsetMs(timeZone, day * DAY_MS);
  return day * DAY_MS - tzOffsetMs(timeZone, guess);
}

function dayOfYear(day: number): number {
  const date = new Date(day * DAY_MS);
  const jan1 = Date.UTC(date.getUTCFullYear(), 0, 1) / DAY_MS;
  return Math.min(364, day - jan1);
}

/**
 * A yearly profile for a daily series with at least two years of data, in model units: each day's
 * deviation from its centred one-year mean, averaged over the years per day of the year (pooled over
 * a week around it). Returned for the history and the horizon (`localDays` covers both), or
 * `undefined` with less than two years.
 *
 * @example
 * const offset = yearlyProfile(z, localDays);
 */
export function yearlyProfile(z: Float64Array, localDays: Int32Array): Float64Array | undefined {
  const n = z.length;
  let finite = 0;
  for (const v of z) if (!Number.isNaN(v)) finite++;
  if (finite < 730) return undefined;
  const prefix = new Float64Array(n + 1);
  const prefixCount = new Float64Array(n + 1);
  for (let i = 0; i < n; i++) {
    const v = z[i] as number;
    prefix[i + 1] = (prefix[i] as number) + (Number.isNaN(v) ? 0 : v);
    prefixCount[i + 1] = (prefixCount[i] as number) + (Number.isNaN(v) ? 0 : 1);
  }
  const sum = new Float64Array(365);
  const count = new Float64Array(365);
  for (let i = 0; i < n; i++) {
    const v = z[i] as number;
    if (Number.isNaN(v)) continue;
    const from = Math.max(0, i - HALF_YEAR);
    const to = Math.min(n, i + HALF_YEAR + 1);
    const c = (prefixCount[to] as number) - (prefixCount[from] as number);
    const mean = ((prefix[to] as number) - (prefix[from] as number)) / c;
    const doy = dayOfYear(localDays[i] as number);
    for (let w = -3; w <= 3; w++) {
      const k = (doy + w + 365) % 365;
      sum[k] = (sum[k] as number) + (v - mean);
      count[k] = (count[k] as number) + 1;
    }
  }
  const profile = new Float64Array(365);
  let total = 0;
  for (let k = 0; k < 365; k++) {
    profile[k] = (count[k] as number) > 0 ? (sum[k] as number) / (count[k] as number) : 0;
    total += profile[k] as number;
  }
  const out = new Float64Array(localDays.length);
  for (let j = 0; j < localDays.length; j++) {
    out[j] = (profile[dayOfYear(localDays[j] as number)] as number) - total / 365;
  }
  return out;
}
