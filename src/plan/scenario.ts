/**
 * What-if scenarios over a plan: event uplift multiplied, growth per year, a price change, another
 * provider. The scenario is planned from scratch on the changed input and returned next to the
 * base plan, with the difference of both ends of the cost range.
 */
import type { PriceCatalog } from '../cost/price-catalog.ts';
import { DomainError } from '../domain/errors.ts';
import { type Money, parseDecimal } from '../domain/money.ts';
import { buildPlan, type Plan, type PlanInput } from './build-plan.ts';
import type { DemandEvent, DemandForecast } from './demand.ts';

export interface ScenarioChange {
  /** Multiplies each event's uplift over its baseline by k (2 = twice the extra load). */
  readonly eventUplift?: number;
  /** Growth of demand per year in percent, compounded over the horizon. */
  readonly growthPerYearPct?: number;
  /** Change of every price in percent (+10 = ten percent dearer). */
  readonly priceChangePct?: number;
  /** Plan on this provider instead (its catalog must be in `catalogs` or the input's). */
  readonly provider?: string;
  readonly catalogs?: readonly PriceCatalog[];
}

export interface ScenarioResult {
  readonly base: Plan;
  readonly scenario: Plan;
  /** What was changed, in words. */
  readonly applied: readonly string[];
  /** Scenario minus base for both ends of the range. */
  readonly difference: { readonly p50: Money; readonly planning: Money };
}

const WEEK_MS = 7 * 86_400_000;
const YEAR_MS = 365.25 * 86_400_000;

function inEvent(events: readonly DemandEvent[], t: number): boolean {
  return events.some((e) => e.start <= t && t < e.end);
}

function median(values: readonly number[]): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/**
 * Scales the uplift of every event step over its baseline: the same time a week before or after,
 * outside any event, else the median outside events.
 *
 * @example
 * upliftEvents([10, 10, 40], start, 3_600_000, [{ name: 'Wahl', start: start + 2 * 3_600_000, end: start + 3 * 3_600_000 }], 2);
 * // [10, 10, 70]
 */
export function upliftEvents(
  series: readonly number[],
  start: number,
  stepMs: number,
  events: readonly DemandEvent[],
  k: number,
): number[] {
  const week = Math.round(WEEK_MS / stepMs);
  const at = (i: number) => start + i * stepMs;
  const outside = series.filter((_, i) => !inEvent(events, at(i)));
  const fallback = median(outside);
  return series.map((value, i) => {
    if (!inEvent(events, at(i))) return value;
    let baseline = fallback;
    for (const j of [i - week, i + week]) {
      if (j >= 0 && j < series.length && !inEvent(events, at(j))) {
        baseline = series[j]!;
        break;
      }
    }
    // A negative effect (a holiday lowering load) is scaled the same way, never below zero.
    return Math.max(0, baseline + k * (value - baseline));
  });
}

function grow(series: readonly number[], stepMs: number, pct: number): number[] {
  const rate = Math.log1p(pct / 100);
  return series.map((value, i) => value * Math.exp((rate * i * stepMs) / YEAR_MS));
}

/**
 * Plans the base and the scenario on the same input and returns both.
 *
 * @example
 * const { base, scenario, difference } = scenario(input, { eventUplift: 1.5, priceChangePct: 10 });
 */
export function scenario(input: PlanInput, change: ScenarioChange): ScenarioResult {
  const base = buildPlan(input);
  const applied: string[] = [];
  let demand: DemandForecast = input.demand;
  const events = demand.events ?? [];
  if (change.eventUplift !== undefined) {
    if (!(change.eventUplift >= 0)) throw invalid('/eventUplift', 'eventUplift must be ≥ 0');
    const k = change.eventUplift;
    demand = {
      ...demand,
      p50: upliftEvents(demand.p50, demand.start, demand.stepMs, events, k),
      planning: upliftEvents(demand.planning, demand.start, demand.stepMs, events, k),
    };
    applied.push(
      events.length > 0
        ? `event uplift × ${k} for ${events.map((e) => `“${e.name}”`).join(', ')}`
        : 'event uplift: the demand has no events',
    );
  }
  if (change.growthPerYearPct !== undefined) {
    if (!(change.growthPerYearPct > -100)) throw invalid('/growthPerYearPct', 'growth must be above −100 %');
    const pct = change.growthPerYearPct;
    demand = {
      ...demand,
      p50: grow(demand.p50, demand.stepMs, pct),
      planning: grow(demand.planning, demand.stepMs, pct),
    };
    applied.push(`demand growth ${pct} % per year, compounded from the horizon start`);
  }
  let pricing = input.pricing;
  if (change.priceChangePct !== undefined) {
    if (!(change.priceChangePct > -100))
      throw invalid('/priceChangePct', 'a price change must be above −100 %');
    const factor = (1 + change.priceChangePct / 100).toFixed(9);
    const combined = (parseDecimal(pricing.priceFactor ?? '1') * parseDecimal(factor)) / 1_000_000_000n;
    pricing = {
      ...pricing,
      priceFactor: `${combined / 1_000_000_000n}.${String(combined % 1_000_000_000n).padStart(9, '0')}`,
    };
    applied.push(`all prices ${change.priceChangePct >= 0 ? '+' : ''}${change.priceChangePct} %`);
  }
  let catalogs = input.catalogs;
  let instanceType = input.instanceType;
  if (change.provider !== undefined) {
    const pool = change.catalogs ?? input.catalogs;
    catalogs = pool.filter((c) => c.provider === change.provider);
    if (catalogs.length === 0) throw invalid('/provider', `no catalog for provider "${change.provider}"`);
    instanceType = undefined;
    applied.push(`provider ${change.provider}, cheapest fitting type`);
  }
  const other = buildPlan({ ...input, demand, pricing, catalogs, instanceType });
  const minus = (a: Money, b: Money): Money => ({ nanos: a.nanos - b.nanos, currency: a.currency });
  return {
    base,
    scenario: other,
    applied,
    difference: {
      p50: minus(other.cost.p50.total, base.cost.p50.total),
      planning: minus(other.cost.planning.total, base.cost.planning.total),
    },
  };
}

function invalid(pointer: string, detail: string): DomainError {
  return new DomainError('validation', detail, [{ pointer, detail }]);
}
