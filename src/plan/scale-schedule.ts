/**
 * The time-phased schedule for one instance type: the planned counts cut into steps
 * {from, to, instanceType, count, reason}.
 */
import type { CapacityModel, SizedType } from './capacity-model.ts';
import { type DemandForecast, stepTime } from './demand.ts';
import { planningWindows } from './planned-counts.ts';
import type { Shortfall } from './required-instances.ts';
import { createSizer, type Sizer } from './sizer.ts';
import { formatAmount, reasonText, type StepWhy, stepWhy } from './step-reason.ts';

export interface ScaleStep {
  /** Epoch ms UTC, inclusive. */
  readonly from: number;
  /** Epoch ms UTC, exclusive. */
  readonly to: number;
  readonly startIndex: number;
  readonly endIndex: number;
  readonly provider: string;
  readonly instanceType: string;
  readonly count: number;
  readonly reason: string;
  /** The reason as data, for wording it in the reader's language and time zone. */
  readonly why: StepWhy;
}

export interface Schedule {
  /** Instances the demand needs per step (before lead time, delay and merging). */
  readonly need: Int32Array;
  /** Instances planned per step. */
  readonly planned: Int32Array;
  readonly steps: readonly ScaleStep[];
  readonly shortfall: readonly Shortfall[];
  readonly warnings: readonly string[];
}

export interface ScheduleInput {
  readonly demand: DemandForecast;
  /** The demand series to plan on (the planning quantile, or P50 for the low end of the range). */
  readonly series: readonly number[];
  readonly label: string;
  readonly model: CapacityModel;
  readonly type: SizedType;
  /** Driver units one instance of `type` carries. */
  readonly capacity: number;
  /** Shared sizing memo of the plan; a fresh one by default. */
  readonly sizer?: Sizer;
}

/**
 * Runs of equal planned counts become steps; each carries its reason in words.
 *
 * @example
 * const { steps } = scaleSchedule({ demand, series: demand.planning, label: '95 % band', model, type: cx33, capacity: 160 });
 * steps[1]?.reason; // "Scale up from 2 to 6 × CX33 to carry the 95 % band peak of 812 requests_per_second at …"
 */
export function scaleSchedule(input: ScheduleInput): Schedule {
  const { demand, series, model, type, capacity } = input;
  const { need, shortfall, planned } = (input.sizer ?? createSizer(model, demand.stepMs))(series, capacity);
  const windows = planningWindows(model, demand.stepMs);
  const context = {
    start: demand.start,
    stepMs: demand.stepMs,
    series,
    need,
    label: input.label,
    metric: model.driverMetric,
    instanceType: type.name,
    capacity,
    targetUtilisation: model.targetUtilisation,
    minInstances: model.minInstances,
    maxInstances: model.maxInstances,
    windows,
    events: demand.events ?? [],
    shortfall,
  };
  const steps: ScaleStep[] = [];
  let from = 0;
  for (let i = 1; i <= planned.length; i++) {
    if (i < planned.length && planned[i] === planned[from]) continue;
    const count = planned[from]!;
    const why = stepWhy(context, from, i, steps.at(-1)?.count, count);
    steps.push({
      from: demand.start + from * demand.stepMs,
      to: demand.start + i * demand.stepMs,
      startIndex: from,
      endIndex: i,
      provider: type.provider,
      instanceType: type.name,
      count,
      reason: reasonText(why),
      why,
    });
    from = i;
  }
  const warnings: string[] = [];
  if (shortfall.length > 0) {
    const worst = shortfall.reduce((a, b) => (b.needed > a.needed ? b : a));
    warnings.push(
      `${type.provider}/${type.name}: the maximum of ${model.maxInstances} instances is too few in ${shortfall.length} step(s); ` +
        `${worst.needed} needed at ${stepTime(demand, worst.index)} for ${formatAmount(series[worst.index] ?? 0)} ${model.driverMetric}`,
    );
  }
  if (windows.lead > 0 && need.length > 0 && need[0]! > model.minInstances) {
    warnings.push('demand is high from the first step: the lead time before it lies outside the horizon');
  }
  return { need, planned, steps, shortfall, warnings };
}
