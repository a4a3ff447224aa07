/**
 * What a stored plan keeps of its input: every value buildPlan was given, with catalogs named by
 * their stored ids (immutable rows) and money as decimal text. Reading the record back and
 * calling buildPlan again gives the same plan to the nano-euro.
 */

import type { PriceCatalog } from '../cost/price-catalog.ts';
import { formatMoney, money } from '../domain/money.ts';
import type { PlanInput } from './build-plan.ts';
import type { CapacitySpec } from './capacity-spec.ts';
import type { ForecastNote } from './demand.ts';

export interface PlanRequestRecord {
  readonly serviceId: string;
  readonly horizon: string;
  readonly providers: readonly string[];
  readonly quantile: number;
  /** The clock when the plan was built. */
  readonly at: string;
}

type StoredOwnHardware = Omit<
  NonNullable<PlanInput['ownHardware']>,
  'capexPerServer' | 'opexPerServerYear'
> & {
  readonly capexPerServer: string;
  readonly opexPerServerYear: string;
  readonly currency: string;
};

export interface PlanInputRecord extends Omit<PlanInput, 'catalogs' | 'ownHardware'> {
  readonly request: PlanRequestRecord;
  readonly catalogIds: readonly string[];
  readonly ownHardware?: StoredOwnHardware;
  readonly capacity: CapacitySpec;
  readonly forecasts: readonly ForecastNote[];
}

/**
 * @example
 * const record = planInputRecord(input, ['builtin:hetzner:2026-11-23'], request, spec, notes);
 * JSON.parse(JSON.stringify(record)); // stores as jsonb unchanged
 */
export function planInputRecord(
  input: PlanInput,
  catalogIds: readonly string[],
  request: PlanRequestRecord,
  capacity: CapacitySpec,
  forecasts: readonly ForecastNote[],
): PlanInputRecord {
  const { catalogs: _catalogs, ownHardware, ...rest } = input;
  return {
    ...rest,
    request,
    catalogIds,
    capacity,
    forecasts,
    ...(ownHardware
      ? {
          ownHardware: {
            ...ownHardware,
            capexPerServer: formatMoney(ownHardware.capexPerServer, 9),
            opexPerServerYear: formatMoney(ownHardware.opexPerServerYear, 9),
            currency: ownHardware.capexPerServer.currency,
          },
        }
      : {}),
  };
}

/**
 * The buildPlan input again, given the catalogs of `record.catalogIds` in that order.
 *
 * @example
 * buildPlan(planInputOf(record, catalogs)); // the stored plan's numbers
 */
export function planInputOf(record: PlanInputRecord, catalogs: readonly PriceCatalog[]): PlanInput {
  const { request: _r, catalogIds: _c, capacity: _s, forecasts: _f, ownHardware, ...rest } = record;
  return {
    ...rest,
    catalogs,
    ...(ownHardware
      ? {
          ownHardware: {
            ...ownHardware,
            capexPerServer: money(ownHardware.capexPerServer, ownHardware.currency),
            opexPerServerYear: money(ownHardware.opexPerServerYear, ownHardware.currency),
          },
        }
      : {}),
  };
}
