import { isDomainError } from '../domain/errors.ts';
import { computeUsageCosts } from '../finance-service/compute-usage-costs.ts';
import { evaluateAndDeliverAlerts } from '../finance-service/evaluate-and-deliver-alerts.ts';
import { forecastOptions } from '../forecast-service/forecast-options.ts';
import { forecastSeries } from '../forecast-service/forecast-series.ts';
import { ecbReference } from '../fx-service/ecb-reference.ts';
import { listActiveSeries } from '../store/active-series.ts';
import { listExchangeRates } from '../store/exchange-rate-store.ts';
import { upkeepPartitions } from '../store/sample-partitions.ts';
import { dropExpiredSamples } from '../store/sample-retention.ts';
import { listTenants } from '../store/tenant-store.ts';
import { withTenant } from '../store/with-tenant.ts';
import { forEachTenant } from './for-each-tenant.ts';
import type { JobContext, JobDefinition, JobOutcome, TenantRef } from './job-context.ts';

const DAY_MS = 86_400_000;

function utcDay(at: number): string {
  return new Date(at).toISOString().slice(0, 10);
}

/** What the dashboard asks for when it opens a service: refreshed at night so it opens warm. */
const DASHBOARD_FORECAST = forecastOptions({ horizon: 'P90D', levels: '80,95' }, '');
/** Series without samples for this long are left alone. */
const ACTIVE_WITHIN_MS = 14 * DAY_MS;

const alerts: JobDefinition = {
  name: 'alerts',
  cron: '* * * * *',
  description: 'Evaluate grant and budget thresholds and deliver the alert webhooks, with retries',
  expireInSeconds: 10 * 60,
  async run(context, now) {
    return { ...(await evaluateAndDeliverAlerts(context, now)) };
  },
};

const computedCosts: JobDefinition = {
  name: 'computed-costs',
  cron: '30 1 * * *',
  description:
    "Book yesterday's computed compute costs of every service (replaces that day's computed records)",
  expireInSeconds: 60 * 60,
  async run(context, now) {
    const day = utcDay(now.getTime() - DAY_MS);
    let records = 0;
    const counts = await forEachTenant(context, 'computed-costs', async (tenant) => {
      const result = await withTenant(context.database, tenant.id, (tx) =>
        computeUsageCosts(tx, tenant.id, { from: day, to: day }),
      );
      records += result.records;
    });
    return { ...counts, records };
  },
};

/** The forecasts of one tenant's active series, one transaction per series. */
async function refreshTenantForecasts(context: JobContext, tenant: TenantRef, now: Date) {
  let computed = 0;
  let fresh = 0;
  let skipped = 0;
  const series = await withTenant(context.database, tenant.id, (tx) =>
    listActiveSeries(tx, new Date(now.getTime() - ACTIVE_WITHIN_MS)),
  );
  // One transaction per series: a long refresh never holds one open for the whole tenant.
  for (const one of series) {
    try {
      const { cache } = await withTenant(context.database, tenant.id, (tx) =>
        forecastSeries({ tx, tenantId: tenant.id, clock: () => now }, one, DASHBOARD_FORECAST),
      );
      if (cache === 'miss') computed += 1;
      else fresh += 1;
    } catch (error) {
      if (!isDomainError(error)) throw error;
      skipped += 1; // too little history, for example: the API would say the same
    }
  }
  return { computed, fresh, skipped };
}

const forecastRefresh: JobDefinition = {
  name: 'forecast-refresh',
  cron: '0 2 * * *',
  description:
    'Compute the forecast of every active series ahead of the working day, so the dashboard opens warm (one run per tenant, shared by all instances)',
  expireInSeconds: 2 * 60 * 60,
  perTenant: { expireInSeconds: 30 * 60, run: refreshTenantForecasts },
  async run(context, now): Promise<JobOutcome> {
    if (context.fanOut) {
      const tenants = await listTenants(context.database);
      return { tenants: tenants.length, queued: await context.fanOut(tenants) };
    }
    const totals = { computed: 0, fresh: 0, skipped: 0 };
    const counts = await forEachTenant(context, 'forecast-refresh', async (tenant) => {
      const done = await refreshTenantForecasts(context, tenant, now);
      totals.computed += done.computed;
      totals.fresh += done.fresh;
      totals.skipped += done.skipped;
    });
    return { ...counts, ...totals };
  },
};

const retention: JobDefinition = {
  name: 'retention',
  cron: '15 3 * * *',
  description:
    'Drop the weekly raw-sample partitions older than LASTPLAN_RAW_RETENTION_DAYS (hourly rollups stay)',
  expireInSeconds: 60 * 60,
  async run(context, now) {
    if (context.retentionDays <= 0) return { partitions: 0, deleted: 0 };
    const before = new Date(now.getTime() - context.retentionDays * DAY_MS);
    const dropped = await dropExpiredSamples(context.database, before);
    return { partitions: dropped.partitions, deleted: dropped.rows };
  },
};

const partitionUpkeep: JobDefinition = {
  name: 'partition-upkeep',
  // With retention: the Worker's Cron Triggers are few (one per distinct schedule), and two weeks ahead is plenty.
  cron: '15 3 * * *',
  description:
    'Create the partitions of samples (weeks) and rollups (months) ahead, and move sizeable ranges out of the default partition',
  expireInSeconds: 30 * 60,
  async run(context, now) {
    return { created: await upkeepPartitions(context.database, now) };
  },
};

const fxStaleness: JobDefinition = {
  name: 'fx-staleness',
  cron: '0 6 * * 1-5',
  description:
    'Warn when the newest exchange rate a tenant converts with is older than LASTPLAN_FX_MAX_AGE_DAYS',
  expireInSeconds: 10 * 60,
  async run(context, now) {
    const builtIn = (await ecbReference()).days.at(-1);
    let stale = 0;
    const counts = await forEachTenant(context, 'fx-staleness', async (tenant) => {
      const { rates } = await withTenant(context.database, tenant.id, (tx) => listExchangeRates(tx));
      const newest = [builtIn ?? '', ...rates.map((rate) => rate.date)].sort().at(-1) || undefined;
      const age = newest
        ? Math.floor((now.getTime() - Date.parse(`${newest}T00:00:00Z`)) / DAY_MS)
        : undefined;
      if (age === undefined || age > context.fxMaxAgeDays) {
        stale += 1;
        context.logger.warn('exchange rates are stale: import newer ECB rates (lastplan fx import)', {
          tenant: tenant.slug,
          newest: newest ?? 'none',
          ageDays: age ?? -1,
          maxAgeDays: context.fxMaxAgeDays,
        });
      }
    });
    return { ...counts, stale };
  },
};

/** Every scheduled job, in the order the job list shows them. */
export const jobCatalog: readonly JobDefinition[] = [
  alerts,
  computedCosts,
  forecastRefresh,
  retention,
  partitionUpkeep,
  fxStaleness,
];
