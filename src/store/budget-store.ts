import type { Selectable } from 'kysely';
import type { CostCategory } from '../domain/cost-category.ts';
import { DomainError } from '../domain/errors.ts';
import { formatMoney, money } from '../domain/money.ts';
import type { BudgetLine } from '../finance/budget-status.ts';
import type { AllocationKey } from '../finance/member-statements.ts';
import { jsonb } from './jsonb.ts';
import type { BudgetLineRow } from './schema.ts';
import type { TenantTx } from './with-tenant.ts';

/** A fiscal-year budget line with its allocation key and alert thresholds. */
export interface StoredBudgetLine extends BudgetLine {
  readonly allocationKey: AllocationKey | null;
  readonly alertThresholds: readonly number[];
  readonly createdAt: Date;
}

function toBudgetLine(row: Selectable<BudgetLineRow>): StoredBudgetLine {
  return {
    id: row.id,
    name: row.name,
    fiscalYear: row.fiscal_year,
    fiscalYearStartMonth: row.fiscal_year_start_month,
    amount: money(row.amount, row.currency.trim()),
    serviceIds: row.service_ids,
    ...(row.categories === null ? {} : { categories: row.categories as CostCategory[] }),
    allocationKey: (row.allocation_key ?? null) as AllocationKey | null,
    alertThresholds: row.alert_thresholds,
    createdAt: row.created_at,
  };
}

export async function insertBudgetLine(
  tx: TenantTx,
  tenantId: string,
  line: Omit<StoredBudgetLine, 'createdAt'>,
): Promise<StoredBudgetLine> {
  const row = await tx
    .insertInto('budget_lines')
    .values({
      tenant_id: tenantId,
      id: line.id,
      name: line.name,
      fiscal_year: line.fiscalYear,
      fiscal_year_start_month: line.fiscalYearStartMonth ?? 1,
      amount: formatMoney(line.amount, 9),
      currency: line.amount.currency,
      service_ids: [...line.serviceIds],
      categories: line.categories ? [...line.categories] : null,
      allocation_key: line.allocationKey === null ? null : jsonb(line.allocationKey as unknown),
      alert_thresholds: [...line.alertThresholds],
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toBudgetLine(row);
}

export async function listBudgetLines(tx: TenantTx): Promise<StoredBudgetLine[]> {
  const rows = await tx
    .selectFrom('budget_lines')
    .selectAll()
    .orderBy('fiscal_year')
    .orderBy('name')
    .execute();
  return rows.map(toBudgetLine);
}

export async function getBudgetLine(tx: TenantTx, id: string): Promise<StoredBudgetLine> {
  const row = await tx.selectFrom('budget_lines').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw new DomainError('not-found', `budget ${id} not found`);
  return toBudgetLine(row);
}
