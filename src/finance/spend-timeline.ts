import { addDays, daysBetween } from '../domain/calendar-day.ts';
import type { CostCategory } from '../domain/cost-category.ts';
import { DomainError } from '../domain/errors.ts';
import { roundToCents } from '../domain/money.ts';
import { bookedCosts } from './booked-costs.ts';
import type { CostRecord, PlannedDailyCost, Scenario } from './cost-record.ts';

/** Which costs count: a grant's eligible services and categories, or a budget line's. */
export interface SpendScope {
  readonly serviceIds: readonly string[];
  readonly categories: readonly CostCategory[];
}

/**
 * Spend per day over [from, to] in nano-units of whole cents: actual costs booked up to and
 * including `asOf`, and planned costs (three scenarios) for what is not booked yet. The shared
 * ground of grant and budget status.
 */
export interface SpendTimeline {
  readonly days: readonly string[];
  readonly actual: readonly bigint[];
  readonly planned: Readonly<Record<Scenario, readonly bigint[]>>;
}

export interface TimelineInput {
  readonly records: readonly CostRecord[];
  readonly projection: readonly PlannedDailyCost[];
  readonly from: string;
  readonly to: string;
  readonly asOf: string;
  readonly currency: string;
  readonly scope: SpendScope;
}

function mismatch(currency: string, found: string, where: string): never {
  const detail = `${where} is in ${found}, expected ${currency}: convert costs before (convertOnDay)`;
  throw new DomainError('validation', detail, [{ pointer: '', detail }]);
}

/**
 * Lays costs out on the days of a period. Actual costs are taken as booked (`bookedCosts`, whole
 * cents); each planned day is rounded to the cent too. The projection decides which days it
 * covers: each cost stream continues after its own last booked day, which may lie before `asOf`
 * (a bill not yet imported) or after the day it was booked on (a monthly invoice on the 1st), so
 * no day is counted twice and none is left out.
 *
 * @example
 * const t = spendTimeline({ records, projection, from: '2026-01-01', to: '2026-12-31', asOf: '2026-03-31', currency: 'EUR',
 *   scope: { serviceIds: ['svc-wahl'], categories: ['compute', 'storage'] } });
 * t.days.length; // 365
 */
export function spendTimeline(input: TimelineInput): SpendTimeline {
  const { from, to, asOf, currency } = input;
  const length = daysBetween(from, to);
  const days = Array.from({ length }, (_, index) => addDays(from, index));
  const position = new Map(days.map((day, index) => [day, index]));
  const services = new Set(input.scope.serviceIds);
  const categories = new Set(input.scope.categories);
  const inScope = (cost: { serviceId: string | null; category: CostCategory }) =>
    cost.serviceId !== null && services.has(cost.serviceId) && categories.has(cost.category);

  const actual = new Array<bigint>(length).fill(0n);
  for (const record of bookedCosts(input.records)) {
    if (record.day > asOf || !inScope(record)) continue;
    const index = position.get(record.day);
    if (index === undefined) continue;
    if (record.amount.currency !== currency)
      mismatch(currency, record.amount.currency, `cost of ${record.day} (${record.sources[0]})`);
    actual[index]! += record.amount.nanos;
  }
  const planned = {
    low: new Array<bigint>(length).fill(0n),
    expected: new Array<bigint>(length).fill(0n),
    high: new Array<bigint>(length).fill(0n),
  };
  for (const plan of input.projection) {
    if (!inScope(plan)) continue;
    const index = position.get(plan.day);
    if (index === undefined) continue;
    for (const scenario of ['low', 'expected', 'high'] as const) {
      const amount = plan[scenario];
      if (amount.currency !== currency) mismatch(currency, amount.currency, `planned cost of ${plan.day}`);
      planned[scenario][index]! += roundToCents(amount).nanos;
    }
  }
  return { days, actual, planned };
}
