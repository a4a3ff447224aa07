import { type CostCategory, costCategories } from '../domain/cost-category.ts';
import { money } from '../domain/money.ts';
import {
  type CrossedThreshold,
  crossedThresholds,
  grantAlertRules,
  grantAlertSubject,
} from '../finance/evaluate-alerts.ts';
import { checkGrant } from '../finance/grant.ts';
import type { GrantStatus } from '../finance/grant-status.ts';
import { getGrant, insertGrant, type StoredGrant } from '../store/grant-store.ts';
import type { TenantTx } from '../store/with-tenant.ts';
import { checkServiceIds, tenantCurrency } from '../tenancy-service/tenant-checks.ts';
import { loadGrantStatus, type WithProjection } from './load-spend-status.ts';

/** A grant as asked for: amounts are decimal text, the currency defaults to the tenant's. */
export interface NewGrant {
  readonly programme: string;
  readonly funder: string;
  readonly referenceNumber: string;
  readonly amount: string;
  readonly currency?: string | undefined;
  readonly period: { readonly start: string; readonly end: string };
  readonly eligibleServiceIds: readonly string[];
  readonly eligibleCategories?: readonly CostCategory[] | undefined;
  readonly coFundingRate: string;
  readonly tranches?:
    | readonly { readonly day: string; readonly amount: string; readonly label?: string | undefined }[]
    | undefined;
  readonly ownShareBudgetLineId?: string | undefined;
  readonly alerts?:
    | { readonly thresholds?: readonly number[] | undefined; readonly unspentAbove?: string | undefined }
    | undefined;
}

/**
 * Stores a grant after checking its currency, its services (one query for all) and the facts
 * its status relies on (`checkGrant`: period, rate, tranches).
 */
export async function createGrant(
  tx: TenantTx,
  tenantId: string,
  body: NewGrant,
  newId: () => string,
): Promise<StoredGrant> {
  const currency = await tenantCurrency(tx, body.currency, 'a grant');
  await checkServiceIds(tx, body.eligibleServiceIds, (index) => `/eligibleServiceIds/${index}`);
  const value = {
    id: newId(),
    programme: body.programme,
    funder: body.funder,
    referenceNumber: body.referenceNumber,
    amount: money(body.amount, currency),
    period: body.period,
    eligibleServiceIds: [...new Set(body.eligibleServiceIds)],
    eligibleCategories: body.eligibleCategories ? [...body.eligibleCategories] : [...costCategories],
    coFundingRate: body.coFundingRate,
    tranches: (body.tranches ?? []).map((t) => ({
      day: t.day,
      amount: money(t.amount, currency),
      ...(t.label === undefined ? {} : { label: t.label }),
    })),
    ...(body.ownShareBudgetLineId ? { ownShareBudgetLineId: body.ownShareBudgetLineId } : {}),
    alertThresholds: body.alerts?.thresholds ?? [50, 80, 100],
    unspentAlertAbove: body.alerts?.unspentAbove ? money(body.alerts.unspentAbove, currency) : null,
  };
  checkGrant(value);
  return insertGrant(tx, tenantId, value);
}

/** A grant's status on `asOf`, with the thresholds it has crossed (nothing is stored). */
export async function readGrantStatus(
  tx: TenantTx,
  id: string,
  asOf: string,
): Promise<WithProjection<GrantStatus> & { readonly alertsCrossed: CrossedThreshold[] }> {
  const grant = await getGrant(tx, id);
  const result = await loadGrantStatus(tx, grant, asOf);
  return {
    ...result,
    alertsCrossed: crossedThresholds(grantAlertSubject(result.status), grantAlertRules(grant)),
  };
}
