/**
 * POST /v1/scenarios behind the HTTP layer: the stored plan's input, changed as asked, planned
 * again next to the base plan. Nothing is stored; the answer is reproducible from the plan id and
 * the change.
 */
import type { Money } from '../domain/money.ts';
import { buildPlan, type PlanInput } from '../plan/build-plan.ts';
import { type PlanInputRecord, planInputOf } from '../plan/plan-input-record.ts';
import { toJson } from '../plan/plan-json.ts';
import { scenario } from '../plan/scenario.ts';
import { getPlan } from '../store/plan-store.ts';
import type { TenantTx } from '../store/with-tenant.ts';
import { loadCatalogsById, loadCurrentCatalogs } from './load-catalogs.ts';

export interface ScenarioRequest {
  readonly planId: string;
  readonly eventUplift?: number | undefined;
  readonly growthPerYear?: number | undefined;
  readonly priceChange?: number | undefined;
  readonly provider?: string | undefined;
}

/** Returns `{ planId, planVersion, applied, base, scenario, difference }` as JSON values. */
export async function runScenario(tx: TenantTx, request: ScenarioRequest) {
  const stored = await getPlan(tx, request.planId);
  const record = stored.input as PlanInputRecord;
  const catalogs = await loadCatalogsById(tx, record.catalogIds);
  const pool =
    request.provider !== undefined && !catalogs.some((c) => c.provider === request.provider)
      ? (await loadCurrentCatalogs(tx, [request.provider], '/provider')).catalogs
      : catalogs;
  const input = planInputOf(record, catalogs);
  const change = {
    ...(request.eventUplift !== undefined ? { eventUplift: request.eventUplift } : {}),
    ...(request.growthPerYear !== undefined ? { growthPerYearPct: request.growthPerYear } : {}),
    ...(request.priceChange !== undefined ? { priceChangePct: request.priceChange } : {}),
    ...(request.provider !== undefined ? { provider: request.provider, catalogs: pool } : {}),
  };
  // A scenario on one provider has no other catalog for an off-site backup target: the copy is
  // priced at that provider instead, and the answer says so.
  const target = input.resources?.backup?.targetProvider;
  const moveBackup = request.provider !== undefined && target !== undefined && target !== request.provider;
  const { targetProvider: _moved, ...backup } = input.resources?.backup ?? { policy: undefined };
  const changed: PlanInput =
    moveBackup && backup.policy
      ? { ...input, resources: { ...input.resources, backup: { ...backup, policy: backup.policy } } }
      : input;
  const result = scenario(changed, change);
  const base = moveBackup ? buildPlan(input) : result.base;
  const applied = moveBackup
    ? [...result.applied, `backup copy priced at ${request.provider} instead of ${target}`]
    : result.applied;
  const minus = (a: Money, b: Money): Money => ({ nanos: a.nanos - b.nanos, currency: a.currency });
  const difference = {
    p50: minus(result.scenario.cost.p50.total, base.cost.p50.total),
    planning: minus(result.scenario.cost.planning.total, base.cost.planning.total),
  };
  return {
    planId: stored.id,
    planVersion: stored.version,
    applied,
    difference: toJson(difference),
    base: toJson(base),
    scenario: toJson(result.scenario),
  };
}
