import { asOfDay } from '../domain/calendar-day.ts';
import type { CostCategory } from '../domain/cost-category.ts';
import { DomainError } from '../domain/errors.ts';
import { type Money, money } from '../domain/money.ts';
import { bookingRange } from '../finance/booked-costs.ts';
import { type BudgetStatus, fiscalYearPeriod } from '../finance/budget-status.ts';
import { dayRange } from '../finance/day-range.ts';
import { budgetAlertSubject, type CrossedThreshold, crossedThresholds } from '../finance/evaluate-alerts.ts';
import {
  type AllocationKey,
  allocateCost,
  type MemberStatement,
  memberStatements,
  sharedCostLines,
} from '../finance/member-statements.ts';
import { getBudgetLine, insertBudgetLine, type StoredBudgetLine } from '../store/budget-store.ts';
import { listCostRecords } from '../store/cost-record-store.ts';
import type { TenantTx } from '../store/with-tenant.ts';
import { checkServiceIds, tenantCurrency } from '../tenancy-service/tenant-checks.ts';
import { earlierDay } from './day-order.ts';
import { loadBudgetStatus, type WithProjection } from './load-spend-status.ts';

/** A budget line as asked for: amounts are decimal text, the currency defaults to the tenant's. */
export interface NewBudgetLine {
  readonly name: string;
  readonly fiscalYear: number;
  readonly fiscalYearStartMonth?: number | undefined;
  readonly amount: string;
  readonly currency?: string | undefined;
  readonly serviceIds: readonly string[];
  readonly categories?: readonly CostCategory[] | undefined;
  readonly allocationKey?: Omit<AllocationKey, 'id'> | undefined;
  readonly alerts?: { readonly thresholds: readonly number[] } | undefined;
}

/**
 * Stores a budget line after checking its currency, its services (one query for all) and the
 * weights of its allocation key, so a bad key is refused now rather than at the first statement.
 */
export async function createBudgetLine(
  tx: TenantTx,
  tenantId: string,
  body: NewBudgetLine,
  newId: () => string,
): Promise<StoredBudgetLine> {
  const currency = await tenantCurrency(tx, body.currency, 'a budget');
  await checkServiceIds(tx, body.serviceIds, (index) => `/serviceIds/${index}`);
  const allocationKey = body.allocationKey ? { id: newId(), ...body.allocationKey } : null;
  if (allocationKey) allocateCost(money('1', currency), allocationKey);
  return insertBudgetLine(tx, tenantId, {
    id: newId(),
    name: body.name,
    fiscalYear: body.fiscalYear,
    fiscalYearStartMonth: body.fiscalYearStartMonth ?? 1,
    amount: money(body.amount, currency),
    serviceIds: [...new Set(body.serviceIds)],
    ...(body.categories ? { categories: [...body.categories] } : {}),
    allocationKey,
    alertThresholds: body.alerts?.thresholds ?? [50, 80, 100],
  });
}

/** A budget line's status on `asOf`, with the thresholds it has crossed (nothing is stored). */
export async function readBudgetStatus(
  tx: TenantTx,
  id: string,
  asOf: string,
): Promise<WithProjection<BudgetStatus> & { readonly alertsCrossed: CrossedThreshold[] }> {
  const line = await getBudgetLine(tx, id);
  const result = await loadBudgetStatus(tx, line, asOf);
  const alertsCrossed = crossedThresholds(budgetAlertSubject(result.status), {
    thresholds: line.alertThresholds,
  });
  return { ...result, alertsCrossed };
}

export interface BudgetStatements {
  readonly line: StoredBudgetLine;
  readonly currency: string;
  readonly statements: MemberStatement[];
  readonly total: Money;
}

/**
 * Each member's share of a budget line's actual costs from `from` to `to` (by default the fiscal
 * year up to `today`), per month and service, split by the line's allocation key.
 */
export async function budgetStatements(
  tx: TenantTx,
  id: string,
  query: { readonly from?: string | undefined; readonly to?: string | undefined },
  today: Date,
): Promise<BudgetStatements> {
  const line = await getBudgetLine(tx, id);
  const period = fiscalYearPeriod(line.fiscalYear, line.fiscalYearStartMonth ?? 1);
  const range = dayRange(query.from ?? period.start, query.to ?? earlierDay(asOfDay(today), period.end));
  const records = await listCostRecords(tx, bookingRange(range));
  if (line.allocationKey === null) {
    throw new DomainError('validation', `budget ${id} has no allocation key to split its costs by`, [
      { pointer: '/allocationKey', detail: 'missing' },
    ]);
  }
  const currency = line.amount.currency;
  const result = memberStatements(sharedCostLines(records, line, range), line.allocationKey, currency);
  return { line, currency, ...result };
}
