/**
 * Alternatives to pay-as-you-go on the same demand, each with its cost as a range (P50 and
 * planning quantile) and the difference to the pay-as-you-go plan (positive: pay-as-you-go is
 * cheaper by that much): static peak sizing, today's size, a committed baseline plus on-demand
 * burst, and own hardware sized for the peak from the tenant's own figures.
 */
import type { EffectiveCatalog, EffectiveType } from '../cost/effective-prices.ts';
import type { CostBreakdown } from '../cost/plan-cost.ts';
import type { VatDisplay } from '../cost/vat.ts';
import {
  type CostRange,
  difference,
  type OwnHardware,
  ownHardwareCost,
  serversForPeak,
} from './alternative-costs.ts';
import { type CapacityModel, capacityOf } from './capacity-model.ts';
import { committedOptions } from './committed-options.ts';
import type { DemandForecast } from './demand.ts';
import { requiredInstances } from './required-instances.ts';
import type { Sizer } from './sizer.ts';
import { formatDuration } from './step-reason.ts';

export type { OwnHardware } from './alternative-costs.ts';

export type AlternativeKind = 'static-peak' | 'current-size' | 'committed-baseline' | 'own-hardware';

export interface Alternative {
  readonly kind: AlternativeKind;
  readonly label: string;
  /** What was assumed, in words. */
  readonly description: string;
  readonly cost: CostRange;
  readonly differenceToPayg: CostRange;
  readonly warnings: readonly string[];
}

export interface AlternativesInput {
  readonly demand: DemandForecast;
  readonly planningSeries: readonly number[];
  readonly model: CapacityModel;
  readonly type: EffectiveType;
  readonly capacity: number;
  readonly catalogs: readonly EffectiveCatalog[];
  readonly payg: { readonly p50: CostBreakdown; readonly planning: CostBreakdown };
  readonly plannedP50: Int32Array;
  readonly plannedPlanning: Int32Array;
  /** Prices a count series (with the plan's storage, egress and backup) on the plan's or another type. */
  readonly costCounts: (counts: Int32Array, which: 'p50' | 'planning', on?: EffectiveType) => CostBreakdown;
  readonly current?: { readonly provider: string; readonly instanceType: string; readonly count: number };
  readonly ownHardware?: OwnHardware;
  readonly vat: VatDisplay;
  /** Receives notes on alternatives that could not be built. */
  readonly warnings: string[];
  /** Shared sizing memo of the plan. */
  readonly sizer?: Sizer;
}

function peakOf(values: ArrayLike<number>): number {
  let peak = 0;
  for (let i = 0; i < values.length; i++) peak = Math.max(peak, values[i]!);
  return peak;
}

const constant = (length: number, value: number) => new Int32Array(length).fill(value);

/**
 * @example
 * planAlternatives(input).map((a) => [a.kind, formatMoney(a.differenceToPayg.planning)]);
 * // [["static-peak", "1840.12"], ["committed-baseline", "212.40"], …]
 */
export function planAlternatives(input: AlternativesInput): Alternative[] {
  const { demand, type, payg, costCounts, warnings } = input;
  const n = input.plannedPlanning.length;
  const horizonMs = n * demand.stepMs;
  const alternatives: Alternative[] = [];
  const push = (
    kind: AlternativeKind,
    label: string,
    description: string,
    cost: CostRange,
    notes: string[] = [],
  ) =>
    alternatives.push({
      kind,
      label,
      description,
      cost,
      differenceToPayg: difference(cost, payg),
      warnings: notes,
    });

  const peakLow = peakOf(input.plannedP50);
  const peakHigh = peakOf(input.plannedPlanning);
  push(
    'static-peak',
    'Static sizing for the peak',
    `${peakLow}–${peakHigh} × ${type.name} around the clock (the peak of the P50 and of the planning plan)`,
    {
      p50: costCounts(constant(n, peakLow), 'p50').total,
      planning: costCounts(constant(n, peakHigh), 'planning').total,
    },
  );

  if (input.current) {
    const { provider, instanceType, count } = input.current;
    const currentType = input.catalogs
      .find((c) => c.provider === provider)
      ?.types.find((t) => t.name === instanceType);
    const currentCapacity = currentType ? capacityOf(input.model, currentType) : undefined;
    if (!currentType)
      warnings.push(`current size: ${provider}/${instanceType} has no price in the chosen catalogs`);
    else {
      const notes: string[] = [];
      if (currentCapacity !== undefined) {
        const model = { ...input.model, minInstances: 0, maxInstances: Number.MAX_SAFE_INTEGER };
        const need = requiredInstances(input.planningSeries, currentCapacity, model).counts;
        let short = 0;
        for (let i = 0; i < need.length; i++) if (need[i]! > count) short++;
        if (short > 0)
          notes.push(
            `too small for the planning demand in ${formatDuration(short * demand.stepMs)} of the horizon`,
          );
      }
      push(
        'current-size',
        "Today's size",
        `${count} × ${instanceType} (${provider}) around the clock`,
        {
          p50: costCounts(constant(n, count), 'p50', currentType).total,
          planning: costCounts(constant(n, count), 'planning', currentType).total,
        },
        notes,
      );
    }
  }

  const options = committedOptions({
    p50: demand.p50,
    planning: input.planningSeries,
    stepMs: demand.stepMs,
    model: input.model,
    catalogs: input.catalogs,
    costCounts: (counts, which, on) => costCounts(counts, which, on),
    sizer: input.sizer,
  });
  if (options.length === 0)
    warnings.push('committed baseline: no chosen catalog has commitment prices for a fitting type');
  for (const option of options) {
    const notes: string[] = [];
    const termMs = (option.term === '1y' ? 1 : 3) * 365 * 86_400_000;
    if (horizonMs < termMs)
      notes.push(`the commitment binds for ${option.term}; only the horizon's share is shown`);
    if (option.proxyRegion) notes.push(`commitment price taken from ${option.proxyRegion} as a proxy`);
    const where = `${option.type.provider}/${option.type.name}`;
    push(
      'committed-baseline',
      `Committed baseline (${option.term}) plus on-demand burst`,
      `${option.baseline} × ${where} committed for ${option.term}, everything above on demand at ${where}; ` +
        `${option.baseline} is the baseline that minimises cost at this discount, ${where} the cheapest type with a ${option.term} commitment`,
      option.cost,
      notes,
    );
  }

  const hardware = input.ownHardware;
  const currency = type.hourly.currency;
  if (
    hardware &&
    (hardware.capexPerServer.currency !== currency || hardware.opexPerServerYear.currency !== currency)
  ) {
    warnings.push(`own hardware: enter the figures in ${currency}`);
  } else if (hardware) {
    const low = serversForPeak(peakOf(demand.p50), hardware, input.model.targetUtilisation);
    const high = serversForPeak(peakOf(input.planningSeries), hardware, input.model.targetUtilisation);
    push(
      'own-hardware',
      'Own hardware sized for the peak',
      `${low}–${high} servers (incl. ${hardware.spareServers ?? 1} spare) for the peak, capex over ${hardware.lifeYears} years plus operating cost; storage, traffic and backup are taken to be inside the operating cost`,
      {
        p50: ownHardwareCost(hardware, low, horizonMs, input.vat),
        planning: ownHardwareCost(hardware, high, horizonMs, input.vat),
      },
    );
  }
  return alternatives;
}
