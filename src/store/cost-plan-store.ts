import { sql } from 'kysely';
import { type Money, money } from '../domain/money.ts';
import type { TenantTx } from './with-tenant.ts';

/** The stored cost totals of the latest approved plan of a service. */
export interface ApprovedPlanCost {
  readonly serviceId: string;
  readonly planId: string;
  readonly horizonFrom: Date;
  readonly horizonTo: Date;
  readonly costP50: Money;
  readonly costPlanning: Money;
}

/**
 * The latest approved plan per service (of the plans area's table), or none when that table
 * does not exist in this database yet.
 */
export async function latestApprovedPlanCosts(tx: TenantTx): Promise<ApprovedPlanCost[]> {
  const exists = await sql<{ name: string | null }>`select to_regclass('plans')::text as name`.execute(tx);
  if (!exists.rows[0]?.name) return [];
  const rows = await sql<{
    service_id: string;
    id: string;
    horizon_from: Date;
    horizon_to: Date;
    currency: string;
    cost_p50: string;
    cost_planning: string;
  }>`
    select distinct on (service_id) service_id, id, horizon_from, horizon_to, currency,
      cost_p50::text as cost_p50, cost_planning::text as cost_planning
    from plans where approved_at is not null
    order by service_id, approved_at desc`.execute(tx);
  return rows.rows.map((row) => ({
    serviceId: row.service_id,
    planId: row.id,
    horizonFrom: new Date(row.horizon_from),
    horizonTo: new Date(row.horizon_to),
    costP50: money(row.cost_p50, row.currency.trim()),
    costPlanning: money(row.cost_planning, row.currency.trim()),
  }));
}
