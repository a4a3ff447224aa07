import { sql, type Transaction } from 'kysely';
import type { Database } from '../database.ts';
import { migrate, readMigrations } from '../migrate.ts';
import type { Schema } from '../schema.ts';
import { BackupError, type BackupHeader, type BackupScope, type TableDigest } from './backup-format.ts';
import { parseBackup } from './parse-backup.ts';
import { ident, listTables, portableInsertEnd, type TableInfo } from './table-catalog.ts';
import { digestDatabase } from './write-backup.ts';

const BATCH_ROWS = 1_000;
const BATCH_BYTES = 4 * 1024 * 1024;

export interface RestoreResult {
  readonly header: BackupHeader;
  readonly tables: number;
  readonly rows: number;
  /** Migrations applied after the restore because the backup was made by an older lastplan. */
  readonly migratedAfter: readonly string[];
}

async function ensureRestorable(tx: Transaction<Schema>, tables: readonly TableInfo[], scope: BackupScope) {
  if (scope.kind === 'tenant') {
    const existing = await sql<{
      slug: string;
    }>`select slug from tenants where id = ${scope.tenantId} or slug = ${scope.slug}`.execute(tx);
    if (existing.rows.length > 0) {
      throw new BackupError(
        `the target already has a tenant ${existing.rows[0]?.slug}: a tenant is imported only where it does not exist yet`,
      );
    }
    return;
  }
  for (const table of tables) {
    const any = await sql.raw(`select 1 from ${ident(table.name)} limit 1`).execute(tx);
    if (any.rows.length > 0) {
      throw new BackupError(
        `the target database is not empty (table ${table.name} has rows): restore a whole deployment only into a fresh one`,
      );
    }
  }
}

async function insertBatch(
  tx: Transaction<Schema>,
  table: TableInfo,
  columns: readonly string[],
  rows: string[],
) {
  if (table.portable) {
    await sql`${sql.raw(table.portable.insertFrom)}${`[${rows.join(',')}]`}${sql.raw(portableInsertEnd(table.name))}`.execute(
      tx,
    );
    return;
  }
  const list = columns.map(ident).join(', ');
  const overriding = table.identity.length > 0 ? ' overriding system value' : '';
  await sql`${sql.raw(`insert into ${ident(table.name)} (${list})${overriding} select ${list} from json_populate_recordset(null::${ident(table.name)}, `)}${`[${rows.join(',')}]`}::text::json)`.execute(
    tx,
  );
}

async function moveIdentitySequences(tx: Transaction<Schema>, table: TableInfo) {
  for (const column of table.identity) {
    await sql`select setval(pg_get_serial_sequence(${table.name}, ${column}), greatest(coalesce(max(${sql.ref(column)}), 0), 1)) from ${sql.table(table.name)}`.execute(
      tx,
    );
  }
}

/**
 * Restores a backup: a whole deployment into an empty database, or one tenant into a deployment
 * that does not have it yet. The target is migrated to the backup's migrations first, the rows go
 * in as one transaction (a damaged backup leaves the target as it was), every table's digest is
 * compared with the backup's, and then the migrations the backup did not know are applied.
 */
export async function restoreBackup(
  database: Database,
  lines: AsyncIterable<string>,
): Promise<RestoreResult> {
  const known = await readMigrations();
  let header: BackupHeader | undefined;
  const result = await database.db.transaction().execute(async (tx) => {
    let tables = new Map<string, TableInfo>();
    let table: TableInfo | undefined;
    let columns: readonly string[] = [];
    let batch: string[] = [];
    let bytes = 0;
    const flush = async () => {
      if (table && batch.length > 0) await insertBatch(tx, table, columns, batch);
      batch = [];
      bytes = 0;
    };
    return parseBackup(lines, {
      header: async (found) => {
        header = found;
        const unknown = found.migrations.filter(
          (name) => !known.some((migration) => migration.name === name),
        );
        if (unknown.length > 0) {
          throw new BackupError(
            `the backup was made by a newer lastplan (unknown migrations: ${unknown.join(', ')}): update lastplan first`,
          );
        }
        const applied = await sql<{ name: string }>`select name from lastplan_migrations`
          .execute(tx)
          .catch(() => ({ rows: [] }));
        const ahead = applied.rows.filter((row) => !found.migrations.includes(row.name));
        if (ahead.length > 0) {
          throw new BackupError(
            `the target database has migrations the backup lacks (${ahead.map((row) => row.name).join(', ')}): restore into a fresh database`,
          );
        }
        tables = new Map((await listTables(tx)).map((info) => [info.name, info]));
        await ensureRestorable(tx, [...tables.values()], found.scope);
      },
      tableStart: (name, backupColumns) => {
        table = tables.get(name);
        if (!table) throw new BackupError(`the backup has a table ${name} that this database does not`);
        const missing = backupColumns.filter((column) => !table?.columns.includes(column));
        if (missing.length > 0)
          throw new BackupError(
            `table ${name} in the backup has columns this database lacks: ${missing.join(', ')}`,
          );
        columns = backupColumns;
      },
      row: async (rowJson) => {
        batch.push(rowJson);
        bytes += rowJson.length;
        if (batch.length >= BATCH_ROWS || bytes >= BATCH_BYTES) await flush();
      },
      tableEnd: async () => {
        await flush();
        if (table) await moveIdentitySequences(tx, table);
        table = undefined;
      },
    });
  });
  if (!header) throw new BackupError('the backup is empty');
  await compareDigests(database, header.scope, result.tables);
  const migratedAfter = await migrate(database, known);
  return { header, tables: result.tables.size, rows: result.rows, migratedAfter };
}

async function compareDigests(
  database: Database,
  scope: BackupScope,
  expected: ReadonlyMap<string, TableDigest>,
) {
  const actual = await digestDatabase(database, scope);
  for (const [name, digest] of expected) {
    const found = actual.get(name);
    if (!found || found.rows !== digest.rows || found.sha256 !== digest.sha256) {
      throw new BackupError(
        `after the restore, table ${name} holds ${found?.rows ?? 0} rows with a different digest than the backup's ${digest.rows}: the restore is not faithful`,
      );
    }
  }
}

/** Migrates a fresh target to exactly the migrations a backup was made with, before restoring it. */
export async function migrateForBackup(
  database: Database,
  header: Pick<BackupHeader, 'migrations'>,
): Promise<void> {
  const known = await readMigrations();
  await migrate(
    database,
    known.filter((migration) => header.migrations.includes(migration.name)),
  );
}
