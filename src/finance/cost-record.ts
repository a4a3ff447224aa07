import type { CostCategory } from '../domain/cost-category.ts';
import type { Money } from '../domain/money.ts';
import type { AppliedRate } from './convert-on-day.ts';

/**
 * One actual cost of one service, category and day, in the tenant's currency. `source` says
 * where the figure comes from (an imported file and line, or a computation from metered usage
 * and a price catalog), so every report can show the origin of each figure.
 */
export interface CostRecord {
  /** `YYYY-MM-DD`. */
  readonly day: string;
  /** null when no mapping rule assigned the cost to a service. */
  readonly serviceId: string | null;
  readonly category: CostCategory;
  readonly amount: Money;
  readonly source: string;
  /** The amount as billed and the rate it was converted with, when it was in another currency. */
  readonly fx?: AppliedRate | undefined;
  /**
   * The import that booked it (null for computed costs). Records are rounded to cents per import
   * and month (`bookedCosts`), so an import's total is its exact total rounded once.
   */
  readonly importId?: string | null;
  /** How it was booked; a run rate is projected per service, category and origin. */
  readonly origin?: 'focus' | 'plain' | 'computed';
}

/** A planned cost of one day from the plans, with its range. */
export interface PlannedDailyCost {
  readonly day: string;
  readonly serviceId: string;
  readonly category: CostCategory;
  readonly low: Money;
  readonly expected: Money;
  readonly high: Money;
}

/** A figure with its range, as every projection here has. */
export interface Range<T> {
  readonly low: T;
  readonly expected: T;
  readonly high: T;
}

export const scenarios = ['low', 'expected', 'high'] as const;
export type Scenario = (typeof scenarios)[number];
