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

/** One step of an approved plan's schedule, as stored in its result. */
export interface ApprovedPlanStep {
  /** Epoch ms UTC, inclusive and exclusive. */
  readonly from: number;
  readonly to: number;
  readonly provider: string;
  readonly instanceType: string;
  readonly count: number;
}

/** An approved plan's schedule on the planning quantile (the steps the service scaled by). */
export interface ApprovedPlanSchedule {
  readonly planId: string;
  readonly version: number;
  readonly serviceId: string;
  readonly approvedAt: Date;
  readonly steps: readonly ApprovedPlanStep[];
}

/**
 * Every approved plan whose horizon overlaps [from, to), newest approval first, with only its
 * steps read from the stored result (the rest of a plan is large and not needed here).
 */
export async function approvedPlanSchedules(
  tx: TenantTx,
  from: Date,
  to: Date,
): Promise<ApprovedPlanSchedule[]> {
  const rows = await tx
    .selectFrom('plans')
    .select(['id', 'version', 'service_id', 'approved_at', sql<unknown>`result->'steps'`.as('steps')])
    .where('approved_at', 'is not', null)
    .where('horizon_from', '<', to)
    .where('horizon_to', '>', from)
    .orderBy('approved_at', 'desc')
    .orderBy('version', 'desc')
    .execute();
  return rows.map((row) => {
    const raw = typeof row.steps === 'string' ? (JSON.parse(row.steps) as unknown) : row.steps;
    const steps = (Array.isArray(raw) ? raw : []).flatMap((s: Record<string, unknown>) =>
      typeof s.from === 'number' &&
      typeof s.to === 'number' &&
      typeof s.provider === 'string' &&
      typeof s.instanceType === 'string' &&
      typeof s.count === 'number'
        ? [{ from: s.from, to: s.to, provider: s.provider, instanceType: s.instanceType, count: s.count }]
        : [],
    );
    return {
      planId: row.id,
      version: row.version,
      serviceId: row.service_id,
      approvedAt: row.approved_at as Date,
      steps: steps.sort((a, b) => a.from - b.from),
    };
  });
}
