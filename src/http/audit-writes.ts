import type { Context } from 'hono';
import { type AuditEvent, appendAuditEvent } from '../store/audit-store.ts';
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
 * The words of the audit entry a request would get: for every write but metric ingestion (data,
 * not a change a person answers for) and the POSTs that store nothing. `authenticate` sets them
 * before the handler runs, which makes every `inTenant` of the handler join one transaction.
 */
export function auditWordsOf(c: Context<AppEnv>, scope: Scope): readonly [string, string] | undefined {
  if (!WRITES.has(c.req.method) || scope === 'ingest') return undefined;
  const route = routeOf(c);
  const words: readonly [string, string] | null | undefined =
    route in auditActions ? auditActions[route] : [route, route.split('/')[2] ?? ''];
  return words ?? undefined;
}

function routeOf(c: Context<AppEnv>): string {
  return `${c.req.method} ${c.req.routePath.replace(/:([A-Za-z]+)/g, '{$1}')}`;
}

/**
 * Ends a write after its handler: a success is recorded in the audit trail in the request's
 * transaction, which then commits (a write that used no `inTenant` gets its entry in a
 * transaction of its own); a failure rolls the transaction back and leaves no entry.
 * `authenticate` calls this for every route, so no handler records anything by itself.
 */
export async function settleWrite(c: Context<AppEnv>, principal: Principal): Promise<void> {
  const words = c.get('auditWords');
  const held = c.get('heldTransaction');
  const succeeded = c.res.status < 400 && !c.error;
  if (!words || !succeeded) {
    await held?.finish(false);
    return;
  }
  const event = await auditEvent(c, principal, words);
  if (!held) {
    await withTenant(c.get('deps').database, principal.tenantId, (tx) =>
      appendAuditEvent(tx, principal.tenantId, event),
    );
    return;
  }
  try {
    await held.run((tx) => appendAuditEvent(tx, principal.tenantId, event));
  } catch (error) {
    await held.finish(false);
    throw error;
  }
  await held.finish(true);
}

/**
 * Records a write the API refused an authenticated caller (a missing role, a foreign origin), in
 * a transaction of its own, with the reason. Unauthenticated requests are not recorded (nobody
 * to name, and anyone could fill the table), and the caller counts refused attempts against the
 * rate limits before this runs, so one token cannot flood the trail either.
 */
export async function auditRefusal(c: Context<AppEnv>, principal: Principal, reason: string): Promise<void> {
  if (!WRITES.has(c.req.method)) return;
  const route = routeOf(c);
  const words = (route in auditActions ? auditActions[route] : undefined) ?? [
    route,
    route.split('/')[2] ?? '',
  ];
  const deps = c.get('deps');
  const params = Object.values(c.req.param() as Record<string, string>);
  await withTenant(deps.database, principal.tenantId, (tx) =>
    appendAuditEvent(tx, principal.tenantId, {
      at: deps.clock(),
      actor: principal.actor,
      action: words[0],
      resourceType: words[1],
      resourceId: params.length > 0 ? params.join('/') : null,
      detail: { reason: reason.slice(0, 500), route },
      requestId: c.get('requestId'),
      outcome: 'refused',
    }),
  );
}

async function auditEvent(
  c: Context<AppEnv>,
  principal: Principal,
  words: readonly [string, string],
): Promise<AuditEvent> {
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
  return {
    at: c.get('deps').clock(),
    actor: principal.actor,
    action: words[0],
    resourceType: words[1],
    resourceId,
    detail: { ...detail, ...note?.detail },
    requestId: c.get('requestId'),
  };
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
