import type { Database } from '../../src/store/database.ts';
import { ensureSeries, type Point, writeSamples } from '../../src/store/series-store.ts';
import { withTenant } from '../../src/store/with-tenant.ts';

const HOUR = 3_600_000;

/**
 * Hourly points with a daily cycle (busy afternoons, quiet nights) and quieter weekends, from
 * `start` for `hours` hours; deterministic, with a little alternating ripple instead of noise.
 */
export function dailyCycle(start: number, hours: number, peak = 10): Point[] {
  return Array.from({ length: hours }, (_, i) => {
    const ts = start + i * HOUR;
    const date = new Date(ts);
    const hour = date.getUTCHours();
    const weekend = date.getUTCDay() === 0 || date.getUTCDay() === 6;
    const shape = 0.2 + 0.8 * Math.max(0, Math.sin(((hour - 6) / 14) * Math.PI));
    return { ts, value: peak * shape * (weekend ? 0.5 : 1) * (1 + (i % 3) * 0.02) };
  });
}

/** Creates a series of the service (a gauge in 1/s, or a counter of requests) and writes the points into it. */
export async function seedSeries(
  database: Database,
  tenantId: string,
  serviceId: string,
  metric: string,
  points: readonly Point[],
  kind: 'gauge' | 'counter' = 'gauge',
): Promise<string> {
  return withTenant(database, tenantId, async (tx) => {
    const series = await ensureSeries(tx, tenantId, crypto.randomUUID(), {
      serviceId,
      metric,
      unit: kind === 'gauge' ? '1/s' : '1',
      kind,
      labels: {},
    });
    await writeSamples(tx, tenantId, series.id, points);
    return series.id;
  });
}

/** Writes more points into a stored series, as ingestion would. */
export async function appendSamples(
  database: Database,
  tenantId: string,
  seriesId: string,
  points: readonly Point[],
): Promise<void> {
  await withTenant(database, tenantId, (tx) => writeSamples(tx, tenantId, seriesId, points));
}

/** A cumulative counter whose rate per second follows `dailyCycle`: one sample at every full hour. */
export function countingCycle(start: number, hours: number, peak = 10): Point[] {
  let total = 0;
  return dailyCycle(start, hours, peak).map((point) => {
    total += point.value * 3600;
    return { ts: point.ts, value: total };
  });
}
