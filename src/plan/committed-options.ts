/**
 * The committed-baseline alternative across the chosen catalogs: for each term (1y, 3y), the
 * instance type whose best baseline plus on-demand burst costs least. The plan's own type often
 * has no commitment product (Hetzner, STACKIT), so looking only at it would hide the option.
 */
import type { EffectiveCatalog, EffectiveType } from '../cost/effective-prices.ts';
import type { CostBreakdown } from '../cost/plan-cost.ts';
import type { CommitmentTerm } from '../cost/price-catalog.ts';
import type { Money } from '../domain/money.ts';
import { bestBaseline, type CostRange, committedCost } from './alternative-costs.ts';
import { type CapacityModel, capacityOf } from './capacity-model.ts';
import { createSizer, type Sizer } from './sizer.ts';

export interface CommittedOption {
  readonly term: CommitmentTerm;
  readonly type: EffectiveType;
  readonly baseline: number;
  readonly cost: CostRange;
  readonly proxyRegion: string | undefined;
}

export interface CommittedInput {
  readonly p50: readonly number[];
  readonly planning: readonly number[];
  readonly stepMs: number;
  readonly model: CapacityModel;
  readonly catalogs: readonly EffectiveCatalog[];
  /** Storage, egress and backup of a count series at the type's provider. */
  readonly costCounts: (counts: Int32Array, which: 'p50' | 'planning', on: EffectiveType) => CostBreakdown;
  /** Shared sizing memo of the plan; a fresh one by default. */
  readonly sizer?: Sizer;
}

const plus = (a: Money, b: Money): Money => ({ nanos: a.nanos + b.nanos, currency: a.currency });

/**
 * @example
 * committedOptions({ p50, planning, stepMs: 3_600_000, model, catalogs, costCounts }).map((o) => [o.term, o.type.name, o.baseline]);
 * // [["1y", "e2-standard-2", 3], ["3y", "e2-standard-2", 3]]
 */
export function committedOptions(input: CommittedInput): CommittedOption[] {
  const size = input.sizer ?? createSizer(input.model, input.stepMs);
  const plannedFor = (capacity: number) => {
    const high = size(input.planning, capacity);
    return high.shortfall.length > 0
      ? undefined
      : { low: size(input.p50, capacity).planned, high: high.planned };
  };
  const best = new Map<CommitmentTerm, CommittedOption & { compute: bigint }>();
  for (const catalog of input.catalogs) {
    for (const type of catalog.types) {
      if (type.commitments.length === 0) continue;
      const capacity = capacityOf(input.model, type);
      const planned = capacity === undefined ? undefined : plannedFor(capacity);
      if (!planned) continue;
      for (const commitment of type.commitments) {
        const baseline = bestBaseline(planned.high, type.hourly, commitment.hourly);
        const high = committedCost(planned.high, baseline, type.hourly, commitment.hourly, input.stepMs);
        const current = best.get(commitment.term);
        if (current && current.compute <= high.nanos) continue;
        const low = committedCost(planned.low, baseline, type.hourly, commitment.hourly, input.stepMs);
        best.set(commitment.term, {
          term: commitment.term,
          type,
          baseline,
          cost: { p50: low, planning: high },
          proxyRegion: commitment.proxyRegion,
          compute: high.nanos,
        });
      }
    }
  }
  return [...best.values()]
    .sort((a, b) => (a.term < b.term ? -1 : 1))
    .map(({ compute: _compute, ...option }) => {
      const planned = plannedFor(capacityOf(input.model, option.type)!)!;
      const extra = (which: 'p50' | 'planning', counts: Int32Array) => {
        const { storage, egress, backup } = input.costCounts(counts, which, option.type);
        return plus(plus(storage, egress), backup);
      };
      return {
        ...option,
        cost: {
          p50: plus(option.cost.p50, extra('p50', planned.low)),
          planning: plus(option.cost.planning, extra('planning', planned.high)),
        },
      };
    });
}
