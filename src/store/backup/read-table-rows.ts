import { createHash } from 'node:crypto';
import { sql, type Transaction } from 'kysely';
import type { Schema } from '../schema.ts';
import type { BackupScope, TableDigest } from './backup-format.ts';
import { ident, type TableInfo } from './table-catalog.ts';

const BATCH = 2_000;

/**
 * Settings that make row_to_json's text the same on every server and session, so a digest taken
 * from a PostgreSQL backup matches the same rows restored into PGlite.
 */
export async function useCanonicalText(tx: Transaction<Schema>): Promise<void> {
  await sql`select set_config('timezone', 'UTC', true), set_config('datestyle', 'ISO, YMD', true),
    set_config('intervalstyle', 'postgres', true), set_config('extra_float_digits', '1', true)`.execute(tx);
}

function scopeFilter(table: TableInfo, scope: BackupScope): string {
  if (scope.kind === 'deployment') return '';
  const tenant = `'${scope.tenantId.replace(/[^0-9a-f-]/g, '')}'::uuid`;
  if (table.name === 'tenants') return `where id = ${tenant}`;
  if (table.hasTenantId) return `where tenant_id = ${tenant}`;
  return 'where false';
}

/** The backed-up columns only: a deployment's own columns (series keys, tenant numbers) stay out. */
function source(table: TableInfo): string {
  return (
    table.portable?.select ?? `(select ${table.columns.map(ident).join(', ')} from ${ident(table.name)})`
  );
}

/**
 * Reads one table's rows in primary-key order through a cursor (memory stays flat however big the
 * table), hands each row's JSON text to `onRow`, and returns the count and digest.
 */
export async function readTableRows(
  tx: Transaction<Schema>,
  table: TableInfo,
  scope: BackupScope,
  onRow: (rowJson: string) => Promise<void> | void,
): Promise<TableDigest> {
  const hash = createHash('sha256');
  const cursor = `lastplan_backup_${table.name}`;
  const order = table.primaryKey.map(ident).join(', ');
  await sql
    .raw(
      `declare ${ident(cursor)} no scroll cursor for select row_to_json(t)::text as j from ${source(table)} t ${scopeFilter(table, scope)} order by ${order}`,
    )
    .execute(tx);
  let rows = 0;
  for (;;) {
    const batch = await sql.raw<{ j: string }>(`fetch ${BATCH} from ${ident(cursor)}`).execute(tx);
    for (const { j } of batch.rows) {
      hash.update(j);
      hash.update('\n');
      rows += 1;
      await onRow(j);
    }
    if (batch.rows.length < BATCH) break;
  }
  await sql.raw(`close ${ident(cursor)}`).execute(tx);
  return { rows, sha256: hash.digest('hex') };
}
