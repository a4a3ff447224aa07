import { type Kysely, sql, type Transaction } from 'kysely';
import type { Database } from './database.ts';
import type { Schema } from './schema.ts';

export type TenantTx = Transaction<Schema>;

/**
 * Runs `work` in one transaction as the role `lastplan_app` with the tenant set, so row-level
 * security confines every statement to that tenant's rows, whatever the query forgets.
 */
export function withTenant<T>(
  database: Database,
  tenantId: string,
  work: (tx: TenantTx) => Promise<T>,
): Promise<T> {
  return database.db.transaction().execute(async (tx) => {
    await sql`select set_config('role', 'lastplan_app', true), set_config('lastplan.tenant_id', ${tenantId}, true)`.execute(
      tx,
    );
    return work(tx);
  });
}

/** The owner's connection, for the few cross-tenant steps: token lookup, tenant creation, migrations. */
export function systemDb(database: Database): Kysely<Schema> {
  return database.db;
}
