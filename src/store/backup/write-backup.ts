import { sql } from 'kysely';
import type { Database } from '../database.ts';
import {
  BACKUP_VERSION,
  type BackupHeader,
  type BackupScope,
  rowLine,
  type TableDigest,
} from './backup-format.ts';
import { readTableRows, useCanonicalText } from './read-table-rows.ts';
import { listTables } from './table-catalog.ts';

export interface BackupSummary {
  readonly header: BackupHeader;
  readonly tables: ReadonlyMap<string, TableDigest>;
  readonly rows: number;
}

/**
 * Writes a backup of the deployment or of one tenant, line by line, from one read-only snapshot:
 * what a running server commits meanwhile is either wholly in it or not at all.
 */
export async function writeBackup(
  database: Database,
  scope: BackupScope,
  write: (line: string) => Promise<void> | void,
  now: Date = new Date(),
): Promise<BackupSummary> {
  return database.db
    .transaction()
    .setIsolationLevel('repeatable read')
    .setAccessMode('read only')
    .execute(async (tx) => {
      await useCanonicalText(tx);
      const migrations = await sql<{
        name: string;
      }>`select name from lastplan_migrations order by name`.execute(tx);
      const header: BackupHeader = {
        lastplan: 'backup',
        version: BACKUP_VERSION,
        createdAt: now.toISOString(),
        backend: database.backend,
        scope,
        migrations: migrations.rows.map((row) => row.name),
      };
      await write(JSON.stringify(header));
      const tables = new Map<string, TableDigest>();
      let rows = 0;
      for (const table of await listTables(tx)) {
        await write(JSON.stringify({ table: table.name, columns: table.columns }));
        const digest = await readTableRows(tx, table, scope, (rowJson) => write(rowLine(rowJson)));
        await write(JSON.stringify({ end: table.name, ...digest }));
        tables.set(table.name, digest);
        rows += digest.rows;
      }
      await write(JSON.stringify({ complete: true, tables: tables.size, rows }));
      return { header, tables, rows };
    });
}

/** The digest of every data table as the database holds it now, to compare with a backup's. */
export async function digestDatabase(
  database: Database,
  scope: BackupScope = { kind: 'deployment' },
): Promise<Map<string, TableDigest>> {
  return database.db
    .transaction()
    .setIsolationLevel('repeatable read')
    .execute(async (tx) => {
      await useCanonicalText(tx);
      const digests = new Map<string, TableDigest>();
      for (const table of await listTables(tx)) {
        digests.set(table.name, await readTableRows(tx, table, scope, () => {}));
      }
      return digests;
    });
}
