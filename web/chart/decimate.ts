/**
 * Keeps, for every pixel column, the first, lowest, highest and last point, in time order: the
 * drawn line looks exactly like the full one (peaks survive), but a year of hourly data becomes
 * about four points per pixel instead of 8,760 path segments.
 *
 * @example decimate([0, 1, 2, 3], [5, 9, 1, 5], 0, 3, 1).length // 4 (one column: first, max, min, last)
 */
export function decimate(
  times: readonly number[],
  values: readonly number[],
  from: number,
  to: number,
  columns: number,
): { t: number[]; v: number[] } {
  const t: number[] = [];
  const v: number[] = [];
  const n = Math.min(times.length, values.length);
  if (n === 0) return { t, v };
  if (n <= columns * 4 || to <= from) return { t: times.slice(0, n), v: values.slice(0, n) };
  const width = (to - from) / columns;
  let column = Number.NaN;
  let first = 0;
  let lo = 0;
  let hi = 0;
  let last = 0;
  const flush = () => {
    const picks = [first, lo, hi, last].sort((a, b) => a - b);
    let previous = -1;
    for (const i of picks) {
      if (i === previous) continue;
      previous = i;
      t.push(times[i] as number);
      v.push(values[i] as number);
    }
  };
  for (let i = 0; i < n; i++) {
    const value = values[i] as number;
    if (!Number.isFinite(value)) continue;
    const c = Math.floor(((times[i] as number) - from) / width);
    if (c !== column) {
      if (!Number.isNaN(column)) flush();
      column = c;
      first = lo = hi = last = i;
      continue;
    }
    last = i;
    if (value < (values[lo] as number)) lo = i;
    if (value > (values[hi] as number)) hi = i;
  }
  if (!Number.isNaN(column)) flush();
  return { t, v };
}
