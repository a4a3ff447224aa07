/**
 * POST /v1/plans behind the HTTP layer: forecast the service's driver metric (and storage and
 * egress series where the capacity model names them), plan on the current catalogs with the
 * tenant's rates and VAT view, and store the plan as the service's next version together with
 * everything needed to recompute it.
 */

import { DomainError } from '../domain/errors.ts';
import { formatMoney } from '../domain/money.ts';
import { buildPlan, type PlanInput, type PlanResources } from '../plan/build-plan.ts';
import { backupOf, type CapacitySpec, capacityModelOf, ownHardwareOf } from '../plan/capacity-spec.ts';
import type { ForecastNote } from '../plan/demand.ts';
import { planInputRecord } from '../plan/plan-input-record.ts';
import { toJson } from '../plan/plan-json.ts';
import { findCapacityModel } from '../store/capacity-store.ts';
import { listEvents } from '../store/event-store.ts';
import { insertPlan, type PlanSummary } from '../store/plan-store.ts';
import { getService } from '../store/service-store.ts';
import { getCurrentTenant } from '../store/tenant-store.ts';
import type { TenantTx } from '../store/with-tenant.ts';
import { forecastDemand } from './forecast-demand.ts';
import { loadCurrentCatalogs, loadExchangeRates } from './load-catalogs.ts';

const HOUR = 3_600_000;

export interface PlanRequest {
  readonly serviceId: string;
  /** ISO-8601 duration, P7D to P366D. */
  readonly horizon: string;
  readonly horizonMs: number;
  readonly providers?: readonly string[] | undefined;
  readonly quantile?: number | undefined;
}

export interface PlanContext {
  readonly tenantId: string;
  readonly planId: string;
  readonly now: Date;
  readonly tokenName: string;
}

/** Builds and stores a plan; returns its summary and the plan as JSON. */
export async function createPlan(
  tx: TenantTx,
  context: PlanContext,
  request: PlanRequest,
): Promise<{ summary: PlanSummary; result: unknown }> {
  await getService(tx, request.serviceId);
  const stored = await findCapacityModel<CapacitySpec>(tx, request.serviceId);
  if (!stored) {
    throw new DomainError('validation', 'the service has no capacity model', [
      { pointer: '/serviceId', detail: `PUT /v1/services/${request.serviceId}/capacity first` },
    ]);
  }
  const spec: CapacitySpec = {
    ...stored.model,
    ...(request.quantile !== undefined ? { quantile: request.quantile } : {}),
  };
  const model = capacityModelOf(spec);
  const tenant = await getCurrentTenant(tx);
  const from = Math.ceil(context.now.getTime() / HOUR) * HOUR;
  const hours = Math.round(request.horizonMs / HOUR);
  const to = from + hours * HOUR;
  const events = await listEvents(tx, { from: new Date(from - 3 * 366 * 24 * HOUR), to: new Date(to) });
  const base = {
    serviceId: request.serviceId,
    from,
    hours,
    horizon: request.horizon,
    quantile: model.quantile,
    events,
  };
  const deps = { tx, tenantId: context.tenantId, clock: () => context.now };
  const notes: ForecastNote[] = [];
  const driver = await forecastDemand(deps, { ...base, metric: model.driverMetric, pointer: '/serviceId' });
  notes.push(driver.note);
  const resources: { -readonly [K in keyof PlanResources]: PlanResources[K] } = {};
  if (spec.storage?.metric) {
    const storage = await forecastDemand(deps, {
      ...base,
      metric: spec.storage.metric,
      pointer: '/storage/metric',
    });
    notes.push(storage.note);
    resources.blockGib = { p50: storage.demand.p50, planning: storage.demand.planning };
  } else if (spec.storage?.gib !== undefined) resources.blockGib = spec.storage.gib;
  if (spec.storage?.class) resources.blockClass = spec.storage.class;
  if (spec.egress?.metric) {
    const egress = await forecastDemand(deps, {
      ...base,
      metric: spec.egress.metric,
      pointer: '/egress/metric',
    });
    notes.push(egress.note);
    resources.egressGib = { p50: egress.demand.p50, planning: egress.demand.planning };
  } else if (spec.egress?.gibPerHour !== undefined) resources.egressGib = spec.egress.gibPerHour;
  const backup = backupOf(spec.backup);
  if (backup) resources.backup = backup;
  const providers = request.providers ?? spec.providers;
  const { ids, catalogs } = await loadCurrentCatalogs(
    tx,
    providers,
    request.providers ? '/providers' : '/capacity/providers',
  );
  const ownHardware = ownHardwareOf(spec.ownHardware, tenant.currency);
  const input: PlanInput = {
    demand: driver.demand,
    model,
    catalogs,
    pricing: { currency: tenant.currency, vat: tenant.vatMode, fx: await loadExchangeRates(tx) },
    ...(Object.keys(resources).length > 0 ? { resources } : {}),
    ...(spec.instanceType ? { instanceType: spec.instanceType } : {}),
    ...(spec.current ? { current: spec.current } : {}),
    ...(ownHardware ? { ownHardware } : {}),
  };
  const plan = buildPlan(input);
  const result = toJson(plan);
  const record = planInputRecord(
    input,
    ids,
    {
      serviceId: request.serviceId,
      horizon: request.horizon,
      providers: catalogs.map((c) => c.provider),
      quantile: model.quantile,
      at: context.now.toISOString(),
    },
    spec,
    notes,
  );
  const summary = await insertPlan(tx, context.tenantId, {
    id: context.planId,
    serviceId: request.serviceId,
    horizonFrom: new Date(from),
    horizonTo: new Date(to),
    quantile: model.quantile,
    currency: plan.pricing.currency,
    costP50: formatMoney(plan.cost.p50.total, 9),
    costPlanning: formatMoney(plan.cost.planning.total, 9),
    input: record,
    result,
    createdBy: context.tokenName,
  });
  return { summary, result };
}
