import type { Context } from 'hono';
import { appendAuditEvent } from '../store/audit-store.ts';
import { withTenant } from '../store/with-tenant.ts';
import type { Principal } from '../tenancy/principal.ts';
import type { Scope } from '../tenancy/scopes.ts';
import type { AppEnv } from './app-env.ts';

/**
 * What each write route does, in the audit trail's words: `[action, resource type]`. Keyed like
 * the OpenAPI document (`POST /v1/plans/{id}/approve`); null for a POST that stores nothing. A
 * write route missing here is still recorded, under its method and path (and a test insists that
 * every documented write has its words here).
 */
export const auditActions: Readonly<Record<string, readonly [string, string] | null>> = {
  'POST /v1/forecasts': null,
  'POST /v1/scenarios': null,
  'POST /v1/events': ['event.create', 'event'],
  'PATCH /v1/events/{id}': ['event.update', 'event'],
  'DELETE /v1/events/{id}': ['event.delete', 'event'],
  'PUT /v1/services/{id}/capacity': ['capacity-model.update', 'service'],
  'POST /v1/catalogs': ['catalog.import', 'catalog'],
  'PUT /v1/exchange-rates': ['exchange-rates.replace', 'exchange-rate'],
  'POST /v1/exchange-rates': ['exchange-rates.add', 'exchange-rate'],
  'DELETE /v1/exchange-rates/{base}/{quote}/{date}': ['exchange-rate.delete', 'exchange-rate'],
  'POST /v1/exchange-rates/imports': ['exchange-rates.import', 'exchange-rate'],
  'PUT /v1/vat-mode': ['setting.vat-mode', 'setting'],
  'POST /v1/plans': ['plan.create', 'plan'],
  'POST /v1/plans/{id}/approve': ['plan.approve', 'plan'],
  'POST /v1/plans/{id}/withdraw': ['plan.withdraw', 'plan'],
  'DELETE /v1/plans/{id}': ['plan.delete', 'plan'],
  'POST /v1/grants': ['grant.create', 'grant'],
  'POST /v1/budgets': ['budget.create', 'budget'],
  'POST /v1/costs/imports': ['cost.import', 'cost-import'],
  'POST /v1/costs/compute': ['cost.compute', 'cost'],
  'PUT /v1/costs/mapping-rules': ['setting.cost-mapping-rules', 'setting'],
  'PUT /v1/alerts/webhook': ['setting.alert-webhook', 'setting'],
  'POST /v1/services': ['service.create', 'service'],
  'PATCH /v1/services/{id}': ['service.update', 'service'],
  'DELETE /v1/services/{id}': ['service.delete', 'service'],
  'POST /v1/tokens': ['token.create', 'token'],
  'POST /v1/tokens/{id}/revoke': ['token.revoke', 'token'],
  'POST /v1/session': ['session.create', 'session'],
  'DELETE /v1/session': ['session.delete', 'session'],
  'POST /v1/sessions/{id}/revoke': ['session.revoke', 'session'],
};

const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** Response fields worth keeping beside an entry: what a person reading the trail recognises. */
const DETAIL_FIELDS = [
  'name',
  'key',
  'kind',
  'status',
  'programme',
  'referenceNumber',
  'fiscalYear',
  'scopes',
  'serviceId',
  'vatMode',
  'imported',
  'rejected',
];

/** What a handler may add to its entry: the id it created when the response does not carry it, and detail. */
export interface AuditNote {
  readonly resourceId?: string;
  readonly detail?: Record<string, unknown>;
}

/**
 * Records a successful write of the request in the audit trail, after the handler has answered.
 * `authenticate` calls this for every route, so no handler records anything by itself; metric
 * ingestion (scope `ingest`) is data, not a change a person answers for, and is left out.
 */
export async function auditWrite(c: Context<AppEnv>, scope: Scope, principal: Principal): Promise<void> {
  if (!WRITES.has(c.req.method) || scope === 'ingest' || c.res.status >= 400 || c.error) return;
  const route = `${c.req.method} ${c.req.routePath.replace(/:([A-Za-z]+)/g, '{$1}')}`;
  const words = route in auditActions ? auditActions[route] : [route, route.split('/')[2] ?? ''];
  if (!words) return;
  const note = c.get('audit');
  const body = await responseJson(c.res);
  const params = Object.values(c.req.param() as Record<string, string>);
  const resourceId =
    note?.resourceId ?? (params.length > 0 ? params.join('/') : typeof body.id === 'string' ? body.id : null);
  const detail: Record<string, unknown> = {};
  for (const field of DETAIL_FIELDS) {
    const value = body[field];
    if (value !== undefined && JSON.stringify(value).length <= 300) detail[field] = value;
  }
  const query = c.req.query();
  if (Object.keys(query).length > 0) detail.query = query;
  const deps = c.get('deps');
  await withTenant(deps.database, principal.tenantId, (tx) =>
    appendAuditEvent(tx, principal.tenantId, {
      at: deps.clock(),
      actor: principal.actor,
      action: words[0],
      resourceType: words[1],
      resourceId,
      detail: { ...detail, ...note?.detail },
      requestId: c.get('requestId'),
    }),
  );
}

async function responseJson(response: Response): Promise<Record<string, unknown>> {
  if (!/json/.test(response.headers.get('content-type') ?? '')) return {};
  try {
    const value: unknown = await response.clone().json();
    return value && typeof value === 'object' && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : {};
  } catch {
    return {};
  }
}
