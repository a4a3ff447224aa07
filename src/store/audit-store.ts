import { sql } from 'kysely';
import { invalid } from '../domain/errors.ts';
import type { Actor } from '../tenancy/principal.ts';
import { jsonb } from './jsonb.ts';
import { decodeCursor, encodeCursor } from './service-store.ts';
import type { TenantTx } from './with-tenant.ts';

/** Who an entry names: a person or token of a request, or the operator who ran an admin command. */
export type AuditActor = Actor | { readonly kind: 'operator'; readonly id: string; readonly name: string };

/** One entry of the audit trail. */
export interface AuditEvent {
  readonly at: Date;
  readonly actor: AuditActor;
  /** `plan.approve`, `grant.create`, `session.delete` … */
  readonly action: string;
  readonly resourceType: string;
  readonly resourceId: string | null;
  readonly detail: Readonly<Record<string, unknown>>;
  readonly requestId: string;
  /** 'done' (the default): the change committed with this entry; 'refused': the API refused it. */
  readonly outcome?: AuditOutcome;
}

export type AuditOutcome = 'done' | 'refused';

export interface AuditFilter {
  readonly from?: Date | undefined;
  readonly to?: Date | undefined;
  /** A person's subject or name, or a token's id or name. */
  readonly actor?: string | undefined;
  readonly action?: string | undefined;
  /** A resource type (`plan`), or a type and id (`plan:3f2a…`). */
  readonly resource?: string | undefined;
  readonly outcome?: AuditOutcome | undefined;
  readonly limit: number;
  readonly cursor?: string | undefined;
}

export async function appendAuditEvent(tx: TenantTx, tenantId: string, event: AuditEvent): Promise<void> {
  await tx
    .insertInto('audit_events')
    .values({
      tenant_id: tenantId,
      at: event.at,
      actor_kind: event.actor.kind,
      actor_id: event.actor.id,
      actor_name: event.actor.name,
      action: event.action,
      resource_type: event.resourceType,
      resource_id: event.resourceId,
      detail: jsonb(event.detail),
      request_id: event.requestId,
      outcome: event.outcome ?? 'done',
    })
    .execute();
}

/** The tenant's audit trail, newest first, `limit` entries a page. */
export async function listAuditEvents(
  tx: TenantTx,
  filter: AuditFilter,
): Promise<{ items: AuditEvent[]; nextCursor?: string }> {
  let query = tx
    .selectFrom('audit_events')
    .select([
      sql<string>`seq::text`.as('seq'),
      'at',
      'actor_kind',
      'actor_id',
      'actor_name',
      'action',
      'resource_type',
      'resource_id',
      'detail',
      'request_id',
      'outcome',
    ])
    // The table's bigint, not the selected text of it: '10' sorts before '9' as text.
    .orderBy(sql`audit_events.seq`, 'desc')
    .limit(filter.limit + 1);
  if (filter.from) query = query.where('at', '>=', filter.from);
  if (filter.to) query = query.where('at', '<', filter.to);
  if (filter.actor) {
    const actor = filter.actor;
    query = query.where((eb) => eb.or([eb('actor_id', '=', actor), eb('actor_name', '=', actor)]));
  }
  if (filter.action) query = query.where('action', '=', filter.action);
  if (filter.outcome) query = query.where('outcome', '=', filter.outcome);
  if (filter.resource) {
    const [type, ...rest] = filter.resource.split(':');
    query = query.where('resource_type', '=', type ?? '');
    if (rest.length > 0) query = query.where('resource_id', '=', rest.join(':'));
  }
  if (filter.cursor) {
    const seq = decodeCursor(filter.cursor);
    if (!/^\d{1,19}$/.test(seq)) invalid('/cursor', 'not a cursor this API returned');
    query = query.where(sql<boolean>`seq < ${seq}::bigint`);
  }
  const rows = await query.execute();
  const page = rows.slice(0, filter.limit);
  const items = page.map((row) => ({
    at: row.at,
    actor: { kind: row.actor_kind, id: row.actor_id, name: row.actor_name },
    action: row.action,
    resourceType: row.resource_type,
    resourceId: row.resource_id,
    detail: row.detail,
    requestId: row.request_id,
    outcome: row.outcome,
  }));
  const last = page.at(-1);
  return rows.length > filter.limit && last ? { items, nextCursor: encodeCursor(last.seq) } : { items };
}
