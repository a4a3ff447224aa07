import { addDays, dayOf, daysBetween } from '../domain/calendar-day.ts';
import type { CostRecord, PlannedDailyCost } from '../finance/cost-record.ts';
import type { ApprovedPlanCost } from '../store/cost-plan-store.ts';
import { earlierDay, laterDay } from './day-order.ts';
import { runRateProjection } from './run-rate-projection.ts';

export type ProjectionSource = 'plans' | 'run-rate' | 'plans+run-rate' | 'none';

/**
 * Planned daily costs up to `to`: a service with an approved plan in the currency follows the
 * plan for its compute (its P50 total spread evenly over the plan's days as low and expected, the
 * planning-quantile total as high) for the days after `asOf` the plan covers; every other cost
 * continues its run rate after its last booked day. Says which source was used.
 *
 * @example
 * projectSpend(records, plans, { asOf: '2026-11-23', to: '2027-12-31', currency: 'EUR' }).source; // 'run-rate'
 */
export function projectSpend(
  records: readonly CostRecord[],
  plans: readonly ApprovedPlanCost[],
  options: { readonly asOf: string; readonly to: string; readonly currency: string },
): { projection: PlannedDailyCost[]; source: ProjectionSource; planIds: string[] } {
  const runRate = runRateProjection(records, options);
  const usable = plans.filter(
    (p) => p.costP50.currency === options.currency && dayOf(p.horizonTo) > options.asOf,
  );
  const covered = new Map<string, { from: string; to: string }>();
  const planned: PlannedDailyCost[] = [];
  for (const plan of usable) {
    const from = dayOf(plan.horizonFrom);
    // horizonTo is exclusive: the plan's last day is the one before.
    const last = addDays(dayOf(plan.horizonTo), -1);
    const days = BigInt(daysBetween(from, last));
    if (days <= 0n) continue;
    const p50 = { nanos: plan.costP50.nanos / days, currency: options.currency };
    const high = { nanos: plan.costPlanning.nanos / days, currency: options.currency };
    const start = laterDay(from, addDays(options.asOf, 1));
    const end = earlierDay(last, options.to);
    covered.set(plan.serviceId, { from: start, to: end });
    for (let day = start; day <= end; day = addDays(day, 1)) {
      planned.push({ day, serviceId: plan.serviceId, category: 'compute', low: p50, expected: p50, high });
    }
  }
  const rest = runRate.filter((p) => {
    const span = covered.get(p.serviceId);
    // A plan prices capacity (compute); the service's licences and services keep their run rate.
    return span === undefined || p.category !== 'compute' || p.day < span.from || p.day > span.to;
  });
  const source: ProjectionSource =
    planned.length === 0
      ? rest.length === 0
        ? 'none'
        : 'run-rate'
      : rest.length === 0
        ? 'plans'
        : 'plans+run-rate';
  return {
    projection: [...planned, ...rest],
    source,
    planIds: usable.filter((p) => covered.has(p.serviceId)).map((p) => p.planId),
  };
}
