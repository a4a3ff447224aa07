import { addDays, asOfDay } from '../domain/calendar-day.ts';
import { bookingRange } from '../finance/booked-costs.ts';
import { type BudgetStatus, budgetStatus, fiscalYearPeriod } from '../finance/budget-status.ts';
import { type GrantStatus, grantStatus } from '../finance/grant-status.ts';
import type { StoredBudgetLine } from '../store/budget-store.ts';
import { latestApprovedPlanCosts } from '../store/cost-plan-store.ts';
import { listCostRecords } from '../store/cost-record-store.ts';
import type { StoredGrant } from '../store/grant-store.ts';
import type { TenantTx } from '../store/with-tenant.ts';
import { earlierDay } from './day-order.ts';
import { type ProjectionSource, projectSpend } from './project-spend.ts';
import { RUN_RATE_HISTORY_DAYS } from './run-rate-projection.ts';

export interface WithProjection<T> {
  readonly status: T;
  readonly projectionSource: ProjectionSource;
  readonly planIds: readonly string[];
}

async function spendInputs(
  tx: TenantTx,
  period: { start: string; end: string },
  asOf: string,
  currency: string,
) {
  // Actual spend from the period start, and the run rate's history before asOf.
  const lookBack = addDays(asOf, 1 - RUN_RATE_HISTORY_DAYS);
  // Whole months: costs are rounded to cents per month (bookedCosts).
  const records = await listCostRecords(
    tx,
    bookingRange({ from: earlierDay(lookBack, period.start), to: asOf }),
  );
  const plans = await latestApprovedPlanCosts(tx);
  const projected = projectSpend(records, plans, { asOf, to: period.end, currency });
  return { records, ...projected };
}

/** A grant's status on `asOf` from the stored cost records and the best projection there is. */
export async function loadGrantStatus(
  tx: TenantTx,
  grant: StoredGrant,
  asOf: Date | string,
): Promise<WithProjection<GrantStatus>> {
  const day = asOfDay(asOf);
  const { records, projection, source, planIds } = await spendInputs(
    tx,
    grant.period,
    day,
    grant.amount.currency,
  );
  return { status: grantStatus(grant, records, projection, day), projectionSource: source, planIds };
}

/** A budget line's status for its fiscal year on `asOf`. */
export async function loadBudgetStatus(
  tx: TenantTx,
  line: StoredBudgetLine,
  asOf: Date | string,
): Promise<WithProjection<BudgetStatus>> {
  const day = asOfDay(asOf);
  const period = fiscalYearPeriod(line.fiscalYear, line.fiscalYearStartMonth ?? 1);
  const { records, projection, source, planIds } = await spendInputs(tx, period, day, line.amount.currency);
  return { status: budgetStatus(line, records, projection, day), projectionSource: source, planIds };
}
