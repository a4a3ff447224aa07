/** A tenant with one service, four weeks of hourly load and a capacity model, for the plan tests. */
import type { Database } from '../../src/store/database.ts';
import { ensureSeries, writeSamples } from '../../src/store/series-store.ts';
import { insertService } from '../../src/store/service-store.ts';
import { withTenant } from '../../src/store/with-tenant.ts';

export const HOUR = 3_600_000;

/** Office-hours load in requests per second, 28 days up to the test clock (2026-11-23T12:00Z). */
export async function seedLoad(
  database: Database,
  tenantId: string,
  key = 'kfz',
  withStorage = false,
): Promise<string> {
  const serviceId = crypto.randomUUID();
  await withTenant(database, tenantId, async (tx) => {
    await insertService(tx, tenantId, serviceId, { key, name: `Service ${key}` });
    const series = await ensureSeries(tx, tenantId, crypto.randomUUID(), {
      serviceId,
      metric: 'requests_per_second',
      unit: '1/s',
      kind: 'gauge',
      labels: {},
    });
    const end = Date.parse('2026-11-23T12:00:00Z');
    const start = end - 28 * 24 * HOUR;
    const points = Array.from({ length: 28 * 24 }, (_, i) => {
      const ts = start + i * HOUR;
      const hour = new Date(ts).getUTCHours();
      const weekday = new Date(ts).getUTCDay();
      const office = weekday >= 1 && weekday <= 5 && hour >= 7 && hour < 17;
      return { ts, value: (office ? 40 : 8) * (1 + 0.05 * Math.sin(i)) };
    });
    await writeSamples(tx, tenantId, series.id, points);
    if (withStorage) {
      const storage = await ensureSeries(tx, tenantId, crypto.randomUUID(), {
        serviceId,
        metric: 'storage_gib',
        unit: 'GiB',
        kind: 'gauge',
        labels: {},
      });
      // Data grows by a GiB a day from 200 GiB.
      await writeSamples(
        tx,
        tenantId,
        storage.id,
        points.map((p, i) => ({ ts: p.ts, value: 200 + i / 24 })),
      );
    }
  });
  return serviceId;
}

export const capacitySpec = {
  driverMetric: 'requests_per_second',
  perVcpu: 5,
  targetUtilisation: 0.7,
  minInstances: 1,
  maxInstances: 30,
  leadTime: 'PT1H',
  scaleDownDelay: 'PT2H',
  minStep: 'PT3H',
  providers: ['hetzner', 'stackit'],
  storage: { gib: 20 },
  egress: { gibPerHour: 0.1 },
  backup: { retentionDays: 14, dailyChangeRate: 0.05, targetProvider: 'stackit' },
};
