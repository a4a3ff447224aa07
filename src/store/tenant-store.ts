import type { Selectable } from 'kysely';
import { DomainError } from '../domain/errors.ts';
import type { FederalStateCode, NewTenant, Tenant } from '../tenancy/tenant.ts';
import { validateNewTenant } from '../tenancy/tenant.ts';
import type { Database } from './database.ts';
import type { TenantRow } from './schema.ts';
import { type TenantTx, withTenant } from './with-tenant.ts';

export function toTenant(row: Selectable<TenantRow>): Tenant {
  return {
    id: row.id,
    slug: row.slug,
    name: row.name,
    federalState: row.federal_state as FederalStateCode,
    timeZone: row.time_zone,
    currency: row.currency,
    vatMode: row.vat_mode,
    createdAt: row.created_at,
  };
}

/** Creates a tenant (an admin step, before any token of it exists). */
export async function createTenant(database: Database, id: string, input: NewTenant): Promise<Tenant> {
  const valid = validateNewTenant(input);
  const existing = await findTenantBySlug(database, valid.slug);
  if (existing)
    throw new DomainError('conflict', `a tenant with slug ${JSON.stringify(valid.slug)} exists already`);
  return withTenant(database, id, async (tx) => {
    const row = await tx
      .insertInto('tenants')
      .values({
        id,
        slug: valid.slug,
        name: valid.name,
        federal_state: valid.federalState,
        time_zone: valid.timeZone,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    return toTenant(row);
  });
}

export async function findTenantBySlug(database: Database, slug: string): Promise<Tenant | undefined> {
  const row = await database.db.selectFrom('tenants').selectAll().where('slug', '=', slug).executeTakeFirst();
  return row ? toTenant(row) : undefined;
}

export async function listTenants(database: Database): Promise<Tenant[]> {
  const rows = await database.db.selectFrom('tenants').selectAll().orderBy('created_at').execute();
  return rows.map(toTenant);
}

/** The current tenant, inside a tenant transaction (row-level security shows only that one). */
export async function getCurrentTenant(tx: TenantTx): Promise<Tenant> {
  const row = await tx.selectFrom('tenants').selectAll().executeTakeFirst();
  if (!row) throw new DomainError('not-found', 'tenant not found');
  return toTenant(row);
}
