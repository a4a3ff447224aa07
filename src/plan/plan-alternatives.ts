/**
 * Alternatives to pay-as-you-go on the same demand, each with its cost as a range (P50 and
 * planning quantile) and the difference to the pay-as-you-go plan (positive: pay-as-you-go is
 * cheaper by that much): static peak sizing, today's size, a committed baseline plus on-demand
 * burst, and own hardware sized for the peak from the tenant's own figures.
 */
import type { EffectiveCatalog, EffectiveType } from '../cost/effective-prices.ts';
import type { CostBreakdown } from '../cost/plan-cost.ts';
import type { VatDisplay } from '../cost/vat.ts';
import type { Money } from '../domain/money.ts';
import {
  bestBaseline,
  type CostRange,
  committedCost,
  difference,
  type OwnHardware,
  ownHardwareCost,
  serversForPeak,
} from './alternative-costs.ts';
import { type CapacityModel, capacityOf } from './capacity-model.ts';
import type { DemandForecast } from './demand.ts';
import { requiredInstances } from './required-instances.ts';
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
}

function peakOf(values: ArrayLike<number>): number {
  let peak = 0;
  for (let i = 0; i < values.length; i++) peak = Math.max(peak, values[i]!);
  return peak;
}

const constant = (length: number, value: number) => new Int32Array(length).fill(value);
const plus = (a: Money, b: Money): Money => ({ nanos: a.nanos + b.nanos, currency: a.currency });

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

  const terms = new Map(type.commitments.map((c) => [c.term, c]));
  if (terms.size === 0)
    warnings.push(`committed baseline: ${type.provider} has no commitment price for ${type.name}`);
  for (const commitment of terms.values()) {
    const baseline = bestBaseline(input.plannedPlanning, type.hourly, commitment.hourly);
    const extra = (which: 'p50' | 'planning') => {
      const { storage, egress, backup } = which === 'p50' ? payg.p50 : payg.planning;
      return plus(plus(storage, egress), backup);
    };
    const notes: string[] = [];
    const termMs = (commitment.term === '1y' ? 1 : 3) * 365 * 86_400_000;
    if (horizonMs < termMs)
      notes.push(`the commitment binds for ${commitment.term}; only the horizon's share is shown`);
    if (commitment.proxyRegion)
      notes.push(`commitment price taken from ${commitment.proxyRegion} as a proxy`);
    push(
      'committed-baseline',
      `Committed baseline (${commitment.term}) plus on-demand burst`,
      `${baseline} × ${type.name} committed for ${commitment.term}, everything above on demand; ${baseline} is the baseline that minimises cost at this discount`,
      {
        p50: plus(
          committedCost(input.plannedP50, baseline, type.hourly, commitment.hourly, demand.stepMs),
          extra('p50'),
        ),
        planning: plus(
          committedCost(input.plannedPlanning, baseline, type.hourly, commitment.hourly, demand.stepMs),
          extra('planning'),
        ),
      },
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
