/**
 * A plan for one service: rightsizing across the chosen catalogs, the time-phased schedule on the
 * planning quantile (and on P50 for the low end of the range), its cost per step and in total, and
 * the alternatives on the same demand. Pure: the same input gives the same plan, to the nano-euro.
 */
import type { BackupPolicy } from '../cost/backup-usage.ts';
import type { CapCredit } from '../cost/compute-cost.ts';
import { type EffectiveCatalog, type EffectiveType, effectiveCatalog } from '../cost/effective-prices.ts';
import type { ExchangeRateTable } from '../cost/exchange-rates.ts';
import { type CostBreakdown, costPlan, type PlanCost } from '../cost/plan-cost.ts';
import type { PriceCatalog } from '../cost/price-catalog.ts';
import type { VatDisplay } from '../cost/vat.ts';
import { DomainError } from '../domain/errors.ts';
import type { Money } from '../domain/money.ts';
import { type CapacityModel, capacityOf, validateCapacityModel } from './capacity-model.ts';
import { type DemandForecast, quantileLabel, validateDemand } from './demand.ts';
import { type Alternative, type OwnHardware, planAlternatives } from './plan-alternatives.ts';
import { resourceUsage } from './plan-resources.ts';
import { atLeast, expandSeries, type SeriesInput } from './plan-series.ts';
import { type RightsizeResult, rightsize } from './rightsize.ts';
import { type ScaleStep, scaleSchedule } from './scale-schedule.ts';
import { createSizer } from './sizer.ts';
import { validatePlanInput } from './validate-plan-input.ts';
import { wholeHorizonCost } from './whole-horizon-cost.ts';

export interface PlanPricing {
  /** Default "EUR". */
  readonly currency?: string;
  readonly vat: VatDisplay;
  readonly vatRate?: string;
  readonly fx: ExchangeRateTable;
  /** Date of the exchange rate (YYYY-MM-DD); default the horizon's first day. */
  readonly on?: string;
  /** Multiplies every price (what-if); default "1". */
  readonly priceFactor?: string;
}

export interface PlanResources {
  readonly blockGib?: SeriesInput;
  readonly blockClass?: string;
  readonly egressGib?: SeriesInput;
  readonly backup?: {
    readonly policy: BackupPolicy;
    /** Provider holding the off-site copy; default the compute provider. */
    readonly targetProvider?: string;
    readonly storageClass?: string;
  };
}

export interface PlanInput {
  readonly demand: DemandForecast;
  readonly model: CapacityModel;
  /** The chosen providers' catalogs. */
  readonly catalogs: readonly PriceCatalog[];
  readonly pricing: PlanPricing;
  readonly resources?: PlanResources;
  /** Plan on this type instead of the rightsizing winner. */
  readonly instanceType?: { readonly provider: string; readonly name: string };
  /** Today's size, for the "current size" alternative. */
  readonly current?: { readonly provider: string; readonly instanceType: string; readonly count: number };
  readonly ownHardware?: OwnHardware;
  readonly runnersUp?: number;
}

export interface PlanStep extends ScaleStep {
  readonly cost: CostBreakdown;
}

export interface Plan {
  readonly horizon: {
    readonly from: number;
    readonly to: number;
    readonly stepMs: number;
    readonly steps: number;
  };
  readonly quantile: number;
  readonly label: string;
  readonly driverMetric: string;
  readonly instanceType: {
    readonly provider: string;
    readonly name: string;
    readonly capacity: number;
    readonly hourly: Money;
    readonly notes: readonly string[];
  };
  /** The schedule on the planning quantile, each step with its cost. */
  readonly steps: readonly PlanStep[];
  /** The schedule on P50, the low end of the range. */
  readonly p50Steps: readonly PlanStep[];
  readonly cost: {
    readonly p50: CostBreakdown;
    readonly planning: CostBreakdown;
    readonly capCredits: readonly CapCredit[];
  };
  readonly rightsizing: RightsizeResult;
  readonly alternatives: readonly Alternative[];
  readonly pricing: {
    readonly currency: string;
    readonly vat: VatDisplay;
    readonly fxDate: string;
    readonly fxRate: string | undefined;
    readonly catalogs: readonly {
      provider: string;
      region: string;
      version: string;
      sources: readonly string[];
    }[];
  };
  readonly unpriced: readonly string[];
  readonly warnings: readonly string[];
}

function withCosts(steps: readonly ScaleStep[], cost: PlanCost): PlanStep[] {
  return steps.map((step, i) => {
    const { compute, storage, egress, backup, total } = cost.segments[i]!;
    return {
      from: step.from,
      to: step.to,
      startIndex: step.startIndex,
      endIndex: step.endIndex,
      provider: step.provider,
      instanceType: step.instanceType,
      count: step.count,
      reason: step.reason,
      why: step.why,
      cost: { compute, storage, egress, backup, total },
    };
  });
}

function findType(
  catalogs: readonly EffectiveCatalog[],
  provider: string,
  name: string,
): EffectiveType | undefined {
  return catalogs.find((c) => c.provider === provider)?.types.find((t) => t.name === name);
}

/**
 * Builds the plan. Throws `DomainError('validation')` with pointers for bad input, a pinned type
 * that is not in the catalogs, or when no type can meet the demand.
 *
 * @example
 * const plan = buildPlan({ demand, model, catalogs: [hetzner, stackit], pricing: { vat: 'gross', fx } });
 * plan.steps.map((s) => [s.count, s.reason]);
 * formatMoney(plan.cost.planning.total); // upper end of the range in EUR
 */
export function buildPlan(input: PlanInput): Plan {
  validatePlanInput(input);
  const demand = validateDemand(input.demand);
  const model = validateCapacityModel(input.model);
  const n = demand.p50.length;
  if (n === 0)
    throw new DomainError('validation', 'the horizon is empty', [
      { pointer: '/demand/p50', detail: 'no steps' },
    ]);
  const warnings: string[] = [];
  const planning = atLeast(demand.planning, demand.p50);
  if (planning.crossings > 0) {
    warnings.push(
      `the ${quantileLabel(demand.quantile)} series lies below P50 in ${planning.crossings} step(s); P50 is used there`,
    );
  }
  const currency = input.pricing.currency ?? 'EUR';
  const fxDate = input.pricing.on ?? new Date(demand.start).toISOString().slice(0, 10);
  const context = { ...input.pricing, currency, on: fxDate };
  const catalogs = input.catalogs.map((catalog) => effectiveCatalog(catalog, context));
  const label = quantileLabel(demand.quantile);
  const byProvider = new Map(catalogs.map((c) => [c.provider, c]));
  const series = {
    block: expandSeries(input.resources?.blockGib, n, '/resources/blockGib'),
    egress: expandSeries(input.resources?.egressGib, n, '/resources/egressGib'),
  };
  const resourcesAt = (provider: EffectiveCatalog, notes: string[]) =>
    resourceUsage(input, series, catalogs, provider, notes);
  const wholeCost = wholeHorizonCost({ start: demand.start, stepMs: demand.stepMs, byProvider, resourcesAt });
  const sizer = createSizer(model, demand.stepMs);
  const rightsizing = rightsize({
    sizer,
    start: demand.start,
    stepMs: demand.stepMs,
    series: planning.series,
    model,
    catalogs,
    runnersUp: input.runnersUp,
    resourceCost: (provider, planned) => {
      const catalog = byProvider.get(provider)!;
      const { storage, egress, backup } = wholeCost(planned, 'planning', catalog.types[0]!);
      return { nanos: storage.nanos + egress.nanos + backup.nanos, currency };
    },
  });
  let type: EffectiveType | undefined;
  if (input.instanceType) {
    type = findType(catalogs, input.instanceType.provider, input.instanceType.name);
    if (!type) {
      throw new DomainError('validation', 'the chosen instance type has no price in the chosen catalogs', [
        {
          pointer: '/instanceType',
          detail: `${input.instanceType.provider}/${input.instanceType.name} not found or unpriced`,
        },
      ]);
    }
  } else type = rightsizing.best?.type;
  if (!type) {
    const errors = rightsizing.infeasible.map((t) => ({
      pointer: '/model/maxInstances',
      detail: `${t.provider}/${t.instanceType} needs ${t.needed} instances, the maximum is ${t.maxInstances}`,
    }));
    throw new DomainError(
      'validation',
      'no instance type in the chosen catalogs can meet the demand',
      errors.length > 0
        ? errors
        : [
            {
              pointer: '/catalogs',
              detail: `no sized and priced instance type (unsized: ${rightsizing.unsized.length})`,
            },
          ],
    );
  }
  const capacity = capacityOf(model, type);
  if (capacity === undefined) {
    throw new DomainError(
      'validation',
      `the capacity model gives no capacity for ${type.provider}/${type.name}`,
      [
        {
          pointer: '/model/capacityPerType',
          detail: `add ${type.provider}/${type.name} or perVcpu/perGibMemory`,
        },
      ],
    );
  }
  const catalog = catalogs.find((c) => c.provider === type.provider)!;
  const resources = resourcesAt(catalog, warnings);
  const sized = { provider: type.provider, name: type.name, vcpu: type.vcpu, memoryGib: type.memoryGib };
  const high = scaleSchedule({ demand, series: planning.series, label, model, type: sized, capacity, sizer });
  const low = scaleSchedule({
    demand,
    series: demand.p50,
    label: 'P50',
    model,
    type: sized,
    capacity,
    sizer,
  });
  warnings.push(...high.warnings);
  const costOf = (counts: Int32Array, steps: readonly ScaleStep[], which: 'p50' | 'planning') =>
    costPlan({
      start: demand.start,
      stepMs: demand.stepMs,
      counts,
      segments: steps,
      type,
      catalog,
      resources: resources[which],
    });
  const highCost = costOf(high.planned, high.steps, 'planning');
  const lowCost = costOf(low.planned, low.steps, 'p50');
  const payg = { p50: lowCost.totals, planning: highCost.totals };
  const alternatives = planAlternatives({
    sizer,
    demand,
    planningSeries: planning.series,
    model,
    type,
    capacity,
    catalogs,
    payg,
    plannedP50: low.planned,
    plannedPlanning: high.planned,
    costCounts: (counts, which, on) => wholeCost(counts, which, on ?? type),
    current: input.current,
    ownHardware: input.ownHardware,
    vat: input.pricing.vat,
    warnings,
  });
  return {
    horizon: { from: demand.start, to: demand.start + n * demand.stepMs, stepMs: demand.stepMs, steps: n },
    quantile: demand.quantile,
    label,
    driverMetric: model.driverMetric,
    instanceType: {
      provider: type.provider,
      name: type.name,
      capacity,
      hourly: type.hourly,
      notes: type.notes,
    },
    steps: withCosts(high.steps, highCost),
    p50Steps: withCosts(low.steps, lowCost),
    cost: { p50: lowCost.totals, planning: highCost.totals, capCredits: highCost.capCredits },
    rightsizing,
    alternatives,
    pricing: {
      currency,
      vat: input.pricing.vat,
      fxDate,
      fxRate: catalog.fxRate,
      catalogs: input.catalogs.map((c) => ({
        provider: c.provider,
        region: c.region,
        version: c.version,
        sources: c.sourceKeys,
      })),
    },
    unpriced: [...new Set([...catalog.unpriced, ...highCost.unpriced, ...lowCost.unpriced])],
    warnings,
  };
}
