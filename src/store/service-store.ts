import type { Selectable } from 'kysely';
import { DomainError } from '../domain/errors.ts';
import { jsonb } from './jsonb.ts';
import type { ServiceRow } from './schema.ts';
import type { TenantTx } from './with-tenant.ts';

export interface Service {
  readonly id: string;
  readonly key: string;
  readonly name: string;
  readonly description: string;
  readonly owner: string;
  readonly costCentre: string;
  readonly tags: Readonly<Record<string, string>>;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

export interface ServiceFields {
  readonly key: string;
  readonly name: string;
  readonly description?: string | undefined;
  readonly owner?: string | undefined;
  readonly costCentre?: string | undefined;
  readonly tags?: Readonly<Record<string, string>> | undefined;
}

export interface Page<T> {
  readonly items: T[];
  /** Opaque; pass as `cursor` for the next page. Absent on the last page. */
  readonly nextCursor?: string;
}

function toService(row: Selectable<ServiceRow>): Service {
  return {
    id: row.id,
    key: row.key,
    name: row.name,
    description: row.description,
    owner: row.owner,
    costCentre: row.cost_centre,
    tags: row.tags,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** Lists services ordered by key, a page at a time; `onlyIds` narrows to an embed token's resources. */
export async function listServices(
  tx: TenantTx,
  options: { limit: number; cursor?: string | undefined; onlyIds?: readonly string[] | undefined },
): Promise<Page<Service>> {
  let query = tx
    .selectFrom('services')
    .selectAll()
    .orderBy('key')
    .limit(options.limit + 1);
  if (options.cursor !== undefined) query = query.where('key', '>', decodeCursor(options.cursor));
  if (options.onlyIds !== undefined) {
    if (options.onlyIds.length === 0) return { items: [] };
    query = query.where('id', 'in', [...options.onlyIds]);
  }
  const rows = await query.execute();
  const items = rows.slice(0, options.limit).map(toService);
  const last = items.at(-1);
  return rows.length > options.limit && last ? { items, nextCursor: encodeCursor(last.key) } : { items };
}

export async function findService(tx: TenantTx, id: string): Promise<Service | undefined> {
  const row = await tx.selectFrom('services').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toService(row) : undefined;
}

/** The services among `ids` (UUIDs) that exist, in one query. */
export async function findServicesByIds(tx: TenantTx, ids: readonly string[]): Promise<Service[]> {
  if (ids.length === 0) return [];
  const rows = await tx
    .selectFrom('services')
    .selectAll()
    .where('id', 'in', [...new Set(ids)])
    .execute();
  return rows.map(toService);
}

/** Every service of the tenant, ordered by key. */
export async function listAllServices(tx: TenantTx): Promise<Service[]> {
  const services: Service[] = [];
  let cursor: string | undefined;
  do {
    const page = await listServices(tx, { limit: 1000, cursor });
    services.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor !== undefined);
  return services;
}

export async function findServiceByKey(tx: TenantTx, key: string): Promise<Service | undefined> {
  const row = await tx.selectFrom('services').selectAll().where('key', '=', key).executeTakeFirst();
  return row ? toService(row) : undefined;
}

export async function getService(tx: TenantTx, id: string): Promise<Service> {
  const service = await findService(tx, id);
  if (!service) throw new DomainError('not-found', `service ${id} not found`);
  return service;
}

export async function insertService(
  tx: TenantTx,
  tenantId: string,
  id: string,
  fields: ServiceFields,
): Promise<Service> {
  if (await findServiceByKey(tx, fields.key)) {
    throw new DomainError('conflict', `a service with key ${JSON.stringify(fields.key)} exists already`, [
      { pointer: '/key', detail: 'already taken' },
    ]);
  }
  const row = await tx
    .insertInto('services')
    .values({
      tenant_id: tenantId,
      id,
      key: fields.key,
      name: fields.name,
      description: fields.description ?? '',
      owner: fields.owner ?? '',
      cost_centre: fields.costCentre ?? '',
      tags: jsonb(fields.tags ?? {}),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toService(row);
}

export async function updateService(
  tx: TenantTx,
  id: string,
  fields: Partial<Omit<ServiceFields, 'key'>>,
  now: Date,
): Promise<Service> {
  await getService(tx, id);
  const row = await tx
    .updateTable('services')
    .set({
      ...(fields.name !== undefined ? { name: fields.name } : {}),
      ...(fields.description !== undefined ? { description: fields.description } : {}),
      ...(fields.owner !== undefined ? { owner: fields.owner } : {}),
      ...(fields.costCentre !== undefined ? { cost_centre: fields.costCentre } : {}),
      ...(fields.tags !== undefined ? { tags: jsonb(fields.tags) } : {}),
      updated_at: now,
    })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
  return toService(row);
}

export async function deleteService(tx: TenantTx, id: string): Promise<void> {
  const result = await tx.deleteFrom('services').where('id', '=', id).executeTakeFirst();
  if (Number(result.numDeletedRows) === 0) throw new DomainError('not-found', `service ${id} not found`);
}

export function encodeCursor(value: string): string {
  return btoa(unescape(encodeURIComponent(value))).replace(/=+$/, '');
}

export function decodeCursor(cursor: string): string {
  try {
    return decodeURIComponent(escape(atob(cursor)));
  } catch {
    throw new DomainError('validation', 'cursor is not one this API returned', [
      { pointer: '/cursor', detail: 'not a cursor this API returned' },
    ]);
  }
}
