import { type Selectable, sql } from 'kysely';
import { DomainError } from '../domain/errors.ts';
import { jsonb } from './jsonb.ts';
import type { PlanRow } from './schema.ts';
import { decodeCursor, encodeCursor, type Page } from './service-store.ts';
import type { TenantTx } from './with-tenant.ts';

export interface PlanSummary {
  readonly id: string;
  readonly serviceId: string;
  readonly version: number;
  readonly horizonFrom: Date;
  readonly horizonTo: Date;
  readonly quantile: number;
  readonly currency: string;
  /** Decimal text of the two ends of the cost range. */
  readonly costP50: string;
  readonly costPlanning: string;
  readonly createdBy: string;
  readonly createdAt: Date;
  readonly approvedBy: string | null;
  readonly approvedAt: Date | null;
  /** What the approver wrote with the approval, if anything. */
  readonly approvalComment: string | null;
}

export interface StoredPlan extends PlanSummary {
  readonly input: unknown;
  readonly result: unknown;
}

export interface NewPlan {
  readonly id: string;
  readonly serviceId: string;
  readonly horizonFrom: Date;
  readonly horizonTo: Date;
  readonly quantile: number;
  readonly currency: string;
  readonly costP50: string;
  readonly costPlanning: string;
  readonly input: unknown;
  readonly result: unknown;
  readonly createdBy: string;
}

const summaryColumns = [
  'id',
  'service_id',
  'version',
  'horizon_from',
  'horizon_to',
  'quantile',
  'currency',
  'cost_p50',
  'cost_planning',
  'created_by',
  'created_at',
  'approved_by',
  'approved_at',
  'approval_comment',
] as const;

type SummaryRow = Pick<Selectable<PlanRow>, (typeof summaryColumns)[number]>;

function toSummary(row: SummaryRow): PlanSummary {
  return {
    id: row.id,
    serviceId: row.service_id,
    version: row.version,
    horizonFrom: row.horizon_from,
    horizonTo: row.horizon_to,
    quantile: row.quantile,
    currency: row.currency,
    costP50: row.cost_p50,
    costPlanning: row.cost_planning,
    createdBy: row.created_by,
    createdAt: row.created_at,
    approvedBy: row.approved_by,
    approvedAt: row.approved_at,
    approvalComment: row.approval_comment,
  };
}

/** Stores a plan as the next version of its service's plans. */
export async function insertPlan(tx: TenantTx, tenantId: string, plan: NewPlan): Promise<PlanSummary> {
  // Serialise versioning per service: two plans built at once get consecutive versions.
  await sql`select pg_advisory_xact_lock(hashtext(${`plan:${tenantId}:${plan.serviceId}`}))`.execute(tx);
  const last = await tx
    .selectFrom('plans')
    .select((eb) => eb.fn.max('version').as('version'))
    .where('service_id', '=', plan.serviceId)
    .executeTakeFirst();
  const row = await tx
    .insertInto('plans')
    .values({
      tenant_id: tenantId,
      id: plan.id,
      service_id: plan.serviceId,
      version: (last?.version ?? 0) + 1,
      horizon_from: plan.horizonFrom,
      horizon_to: plan.horizonTo,
      quantile: plan.quantile,
      currency: plan.currency,
      cost_p50: plan.costP50,
      cost_planning: plan.costPlanning,
      input: jsonb(plan.input),
      result: jsonb(plan.result),
      created_by: plan.createdBy,
    })
    .returning(summaryColumns)
    .executeTakeFirstOrThrow();
  return toSummary(row);
}

export async function getPlan(tx: TenantTx, id: string): Promise<StoredPlan> {
  const row = await tx
    .selectFrom('plans')
    .select([...summaryColumns, 'input', 'result'])
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row) throw new DomainError('not-found', `plan ${id} not found`);
  return { ...toSummary(row), input: row.input, result: row.result };
}

/**
 * Plans newest first (by version within a service), a page at a time, optionally of one service or
 * limited to some ids (embed tokens). The cursor is the last row's creation time and id.
 */
export async function listPlans(
  tx: TenantTx,
  options: {
    serviceId?: string | undefined;
    onlyIds?: readonly string[] | undefined;
    limit: number;
    cursor?: string | undefined;
  },
): Promise<Page<PlanSummary>> {
  if (options.onlyIds !== undefined && options.onlyIds.length === 0) return { items: [] };
  let query = tx
    .selectFrom('plans')
    .select(summaryColumns)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(options.limit + 1);
  if (options.serviceId !== undefined) query = query.where('service_id', '=', options.serviceId);
  if (options.onlyIds !== undefined) query = query.where('id', 'in', [...options.onlyIds]);
  if (options.cursor !== undefined) {
    const [at, id] = decodeCursor(options.cursor).split('|');
    if (!at || !id || Number.isNaN(Date.parse(at))) {
      throw new DomainError('validation', 'cursor is not one this API returned', [
        { pointer: '/cursor', detail: 'not a cursor this API returned' },
      ]);
    }
    query = query.where((eb) =>
      eb.or([
        eb('created_at', '<', new Date(at)),
        eb.and([eb('created_at', '=', new Date(at)), eb('id', '<', id)]),
      ]),
    );
  }
  const rows = await query.execute();
  const items = rows.slice(0, options.limit).map(toSummary);
  const last = items.at(-1);
  return rows.length > options.limit && last
    ? { items, nextCursor: encodeCursor(`${last.createdAt.toISOString()}|${last.id}`) }
    : { items };
}

/** Records the approval (with an optional comment); an approved plan cannot be approved again or changed. */
export async function approvePlan(
  tx: TenantTx,
  id: string,
  by: string,
  at: Date,
  comment: string | null = null,
): Promise<PlanSummary> {
  const plan = await tx
    .selectFrom('plans')
    .select(['approved_at', 'approved_by'])
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
  if (!plan) throw new DomainError('not-found', `plan ${id} not found`);
  if (plan.approved_at !== null) {
    throw new DomainError(
      'conflict',
      `plan ${id} was approved by ${plan.approved_by} at ${plan.approved_at.toISOString()} and cannot change; build a new plan for a new version`,
    );
  }
  const row = await tx
    .updateTable('plans')
    .set({ approved_by: by, approved_at: at, approval_comment: comment })
    .where('id', '=', id)
    .returning(summaryColumns)
    .executeTakeFirstOrThrow();
  return toSummary(row);
}

/**
 * Withdraws an approval while the plan's first step has not started (at `at`): the plan is a
 * draft again. Refused (409) for a draft and once the first step has started.
 */
export async function withdrawApproval(tx: TenantTx, id: string, at: Date): Promise<PlanSummary> {
  const plan = await tx
    .selectFrom('plans')
    .select(['approved_at', 'horizon_from', sql<string | null>`result->'steps'->0->>'from'`.as('first_step')])
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
  if (!plan) throw new DomainError('not-found', `plan ${id} not found`);
  if (plan.approved_at === null) throw new DomainError('conflict', `plan ${id} is not approved`);
  const start = plan.first_step === null ? plan.horizon_from.getTime() : Number(plan.first_step);
  if (at.getTime() >= start) {
    throw new DomainError(
      'conflict',
      `the first step of plan ${id} started at ${new Date(start).toISOString()}; its approval can no longer be withdrawn, build a new plan for a new version`,
    );
  }
  const row = await tx
    .updateTable('plans')
    .set({ approved_by: null, approved_at: null, approval_comment: null })
    .where('id', '=', id)
    .returning(summaryColumns)
    .executeTakeFirstOrThrow();
  return toSummary(row);
}

/** Deletes a draft; an approved plan is kept (409). */
export async function deletePlan(tx: TenantTx, id: string): Promise<void> {
  const plan = await tx.selectFrom('plans').select(['approved_at']).where('id', '=', id).executeTakeFirst();
  if (!plan) throw new DomainError('not-found', `plan ${id} not found`);
  if (plan.approved_at !== null) {
    throw new DomainError('conflict', `plan ${id} is approved and cannot be deleted`);
  }
  await tx.deleteFrom('plans').where('id', '=', id).execute();
}
