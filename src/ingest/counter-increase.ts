/**
 * Cumulative counters (Prometheus `_total`, OTLP cumulative monotonic sums) report a running
 * total since the process started. Rollups need the increase per interval instead; a drop in the
 * total means the counter was reset (a restart), after which it counts up from zero again.
 */

export interface CounterPoint {
  readonly ts: number;
  readonly value: number;
  /**
   * When the total started counting (OTLP `start_time_unix_nano`), if known. A change marks a
   * reset even when the new total happens to be larger than the old one.
   */
  readonly start?: number;
}

/**
 * Turns cumulative totals into the increase over each interval ending at a point's timestamp.
 * `previous` is the last total already accounted for (e.g. the newest stored sample); without
 * it, the first point has no interval and yields nothing. Points are taken in time order; a point
 * not newer than the last one used (a duplicate or a late sample) is skipped, because its
 * increase is already contained in a later one.
 *
 * @example counterIncrease({ ts: 0, value: 10 }, [{ ts: 60, value: 15 }, { ts: 120, value: 3 }])
 * // [{ ts: 60, value: 5 }, { ts: 120, value: 3 }]   (reset between 60 and 120)
 */
export function counterIncrease(
  previous: CounterPoint | undefined,
  points: readonly CounterPoint[],
): { ts: number; value: number }[] {
  const sorted = [...points].sort((a, b) => a.ts - b.ts);
  const out: { ts: number; value: number }[] = [];
  let last = previous;
  for (const point of sorted) {
    if (last === undefined) {
      last = point;
      continue;
    }
    if (point.ts <= last.ts) continue;
    const restarted = point.start !== undefined && last.start !== undefined && point.start !== last.start;
    const reset = restarted || point.value < last.value;
    out.push({ ts: point.ts, value: reset ? point.value : point.value - last.value });
    last = point;
  }
  return out;
}
