import type { Selectable } from 'kysely';
import type { CostCategory } from '../domain/cost-category.ts';
import { DomainError } from '../domain/errors.ts';
import { formatMoney, type Money, money } from '../domain/money.ts';
import type { Grant } from '../finance/grant.ts';
import { jsonb } from './jsonb.ts';
import type { GrantRow } from './schema.ts';
import type { TenantTx } from './with-tenant.ts';

/** A grant with the alert rules the tenant set for it. */
export interface StoredGrant extends Grant {
  readonly alertThresholds: readonly number[];
  readonly unspentAlertAbove: Money | null;
  readonly createdAt: Date;
}

function toGrant(row: Selectable<GrantRow>): StoredGrant {
  const currency = row.currency.trim();
  return {
    id: row.id,
    programme: row.programme,
    funder: row.funder,
    referenceNumber: row.reference_number,
    amount: money(row.amount, currency),
    period: { start: row.period_start, end: row.period_end },
    eligibleServiceIds: row.eligible_service_ids,
    eligibleCategories: row.eligible_categories as CostCategory[],
    coFundingRate: row.co_funding_rate,
    tranches: row.tranches.map((t) => ({
      day: t.day,
      amount: money(t.amount, currency),
      ...(t.label === undefined ? {} : { label: t.label }),
    })),
    ...(row.own_share_budget_line_id ? { ownShareBudgetLineId: row.own_share_budget_line_id } : {}),
    alertThresholds: row.alert_thresholds,
    unspentAlertAbove: row.unspent_alert_above === null ? null : money(row.unspent_alert_above, currency),
    createdAt: row.created_at,
  };
}

export async function insertGrant(
  tx: TenantTx,
  tenantId: string,
  grant: Omit<StoredGrant, 'createdAt'>,
): Promise<StoredGrant> {
  const row = await tx
    .insertInto('grants')
    .values({
      tenant_id: tenantId,
      id: grant.id,
      programme: grant.programme,
      funder: grant.funder,
      reference_number: grant.referenceNumber,
      amount: formatMoney(grant.amount, 9),
      currency: grant.amount.currency,
      period_start: grant.period.start,
      period_end: grant.period.end,
      eligible_service_ids: [...grant.eligibleServiceIds],
      eligible_categories: [...grant.eligibleCategories],
      co_funding_rate: grant.coFundingRate,
      tranches: jsonb(
        grant.tranches.map((t) => ({
          day: t.day,
          amount: formatMoney(t.amount, 9),
          ...(t.label === undefined ? {} : { label: t.label }),
        })),
      ),
      own_share_budget_line_id: grant.ownShareBudgetLineId ?? null,
      alert_thresholds: [...grant.alertThresholds],
      unspent_alert_above: grant.unspentAlertAbove === null ? null : formatMoney(grant.unspentAlertAbove, 9),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toGrant(row);
}

export async function listGrants(tx: TenantTx): Promise<StoredGrant[]> {
  const rows = await tx.selectFrom('grants').selectAll().orderBy('period_start').orderBy('id').execute();
  return rows.map(toGrant);
}

export async function findGrant(tx: TenantTx, id: string): Promise<StoredGrant | undefined> {
  const row = await tx.selectFrom('grants').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toGrant(row) : undefined;
}

export async function getGrant(tx: TenantTx, id: string): Promise<StoredGrant> {
  const grant = await findGrant(tx, id);
  if (!grant) throw new DomainError('not-found', `grant ${id} not found`);
  return grant;
}
