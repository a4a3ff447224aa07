import type { Selectable } from 'kysely';
import { DomainError } from '../domain/errors.ts';
import type { EventKind } from '../domain/event-kinds.ts';
import type { EventRow } from './schema.ts';
import type { TenantTx } from './with-tenant.ts';

export interface LoadEvent {
  readonly id: string;
  readonly kind: EventKind;
  readonly name: string;
  readonly startsAt: Date;
  readonly endsAt: Date;
  readonly region: string;
  readonly serviceIds: readonly string[];
  /** Expected extra load as a decimal fraction string ("0.8" = +80 %), or null. */
  readonly expectedUplift: string | null;
  readonly createdAt: Date;
}

export type EventFields = Omit<LoadEvent, 'id' | 'createdAt'>;

function toEvent(row: Selectable<EventRow>): LoadEvent {
  return {
    id: row.id,
    kind: row.kind as EventKind,
    name: row.name,
    startsAt: row.starts_at,
    endsAt: row.ends_at,
    region: row.region,
    serviceIds: row.service_ids,
    expectedUplift: row.expected_uplift,
    createdAt: row.created_at,
  };
}

function columnsOf(fields: EventFields) {
  return {
    kind: fields.kind,
    name: fields.name,
    starts_at: fields.startsAt,
    ends_at: fields.endsAt,
    region: fields.region,
    service_ids: [...fields.serviceIds],
    expected_uplift: fields.expectedUplift,
  };
}

export async function listEvents(tx: TenantTx, range: { from?: Date; to?: Date } = {}): Promise<LoadEvent[]> {
  let query = tx.selectFrom('events').selectAll().orderBy('starts_at').orderBy('id');
  if (range.from) query = query.where('ends_at', '>=', range.from);
  if (range.to) query = query.where('starts_at', '<', range.to);
  return (await query.execute()).map(toEvent);
}

export async function getEvent(tx: TenantTx, id: string): Promise<LoadEvent> {
  const row = await tx.selectFrom('events').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw new DomainError('not-found', `event ${id} not found`);
  return toEvent(row);
}

export async function insertEvent(
  tx: TenantTx,
  tenantId: string,
  id: string,
  fields: EventFields,
): Promise<LoadEvent> {
  const row = await tx
    .insertInto('events')
    .values({
      tenant_id: tenantId,
      id,
      ...columnsOf(fields),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toEvent(row);
}

export async function deleteEvent(tx: TenantTx, id: string): Promise<void> {
  const result = await tx.deleteFrom('events').where('id', '=', id).executeTakeFirst();
  if (Number(result.numDeletedRows) === 0) throw new DomainError('not-found', `event ${id} not found`);
}

/** Replaces an event's fields (all of them; the route merges a partial change first). */
export async function updateEvent(tx: TenantTx, id: string, fields: EventFields): Promise<LoadEvent> {
  const row = await tx
    .updateTable('events')
    .set(columnsOf(fields))
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();
  if (!row) throw new DomainError('not-found', `event ${id} not found`);
  return toEvent(row);
}
