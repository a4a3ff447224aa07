/**
 * Computes and books the compute cost of every service for a range of days (the "actual costs"
 * of a service without a bill). The arithmetic is in finance/usage-cost.ts; this use case reads
 * what it needs in a few queries (services, approved plans, capacity models, catalogs, rates),
 * and replaces the computed records of those days. Imported records stay.
 */
import type { PriceCatalog } from '../cost/price-catalog.ts';
import { addDays } from '../domain/calendar-day.ts';
import { add, zero } from '../domain/money.ts';
import {
  type CurrentSize,
  catalogPricer,
  checkUsageRange,
  groupBy,
  type ServiceUsageCost,
  serviceUsageCost,
  type UsageCostRecord,
  type UsageCostResult,
} from '../finance/usage-cost.ts';
import type { CapacitySpec } from '../plan/capacity-spec.ts';
import { loadCatalogsById, loadExchangeRates } from '../plan-service/load-catalogs.ts';
import { listCapacityModels } from '../store/capacity-store.ts';
import { listCatalogs } from '../store/catalog-store.ts';
import { approvedPlanSchedules } from '../store/cost-plan-store.ts';
import { deleteComputedCostRecords, insertCostRecords } from '../store/cost-record-store.ts';
import { listAllServices } from '../store/service-store.ts';
import { getCurrentTenant } from '../store/tenant-store.ts';
import type { TenantTx } from '../store/with-tenant.ts';

export { MAX_COMPUTE_DAYS } from '../finance/usage-cost.ts';

/**
 * Computes and books the compute cost of every service for the days `from` to `to` (both
 * included, UTC). The computed records of those days are replaced; imported ones stay.
 */
export async function computeUsageCosts(
  tx: TenantTx,
  tenantId: string,
  range: { readonly from: string; readonly to: string },
): Promise<UsageCostResult> {
  const days = checkUsageRange(range);
  const tenant = await getCurrentTenant(tx);
  const services = await listAllServices(tx);
  const plans = groupBy(
    await approvedPlanSchedules(
      tx,
      new Date(`${range.from.slice(0, 8)}01T00:00:00Z`),
      new Date(`${addDays(range.to, 1)}T00:00:00Z`),
    ),
    (p) => p.serviceId,
  );
  const currentSizes = new Map<string, CurrentSize>();
  for (const stored of await listCapacityModels<CapacitySpec>(tx)) {
    if (stored.model.current) currentSizes.set(stored.serviceId, stored.model.current);
  }
  // Only the catalogs of providers some service ran on are read (every version of them: the one
  // valid on a day is chosen per day).
  const providers = new Set<string>([...currentSizes.values()].map((c) => c.provider));
  for (const list of plans.values())
    for (const plan of list) for (const step of plan.steps) providers.add(step.provider);
  const catalogs = (await listCatalogs(tx)).filter((c) => providers.has(c.provider));
  const loaded = await loadCatalogsById(
    tx,
    catalogs.map((c) => c.id),
  );
  const documents = new Map<string, PriceCatalog>(catalogs.map((c, i) => [c.id, loaded[i] as PriceCatalog]));
  const price = catalogPricer(catalogs, documents, await loadExchangeRates(tx), tenant);

  const records: UsageCostRecord[] = [];
  const computed: ServiceUsageCost[] = [];
  const skipped: { serviceId: string; key: string; reason: string }[] = [];
  const warnings: string[] = [];
  const fallbacks = new Set<string>();
  let total = zero(tenant.currency);
  for (const service of services) {
    const usage = serviceUsageCost({
      serviceId: service.id,
      range,
      currency: tenant.currency,
      plans: plans.get(service.id) ?? [],
      current: currentSizes.get(service.id),
      price,
    });
    for (const label of usage.fallbacks) fallbacks.add(label);
    if (usage.kind === 'skipped') {
      skipped.push({ serviceId: service.id, key: service.key, reason: usage.reason });
      continue;
    }
    warnings.push(...usage.unpriced.map((w) => `${service.key}: ${w}`));
    records.push(...usage.records);
    computed.push({
      serviceId: service.id,
      key: service.key,
      records: usage.records.length,
      total: usage.total,
      sources: usage.sources,
    });
    total = add(total, usage.total);
  }
  for (const label of fallbacks)
    warnings.push(`days before the first catalog of a provider are priced with it: ${label}`);
  await deleteComputedCostRecords(tx, range);
  await insertCostRecords(tx, tenantId, 'computed', null, records);
  return {
    from: range.from,
    to: range.to,
    days,
    services: computed,
    skipped,
    records: records.length,
    total,
    warnings,
  };
}
