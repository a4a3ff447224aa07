import { readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import type { Database } from './database.ts';

export interface Migration {
  readonly name: string;
  readonly sql: string;
}

const MIGRATION_FILE = /^\d{4}_[a-z0-9_]+\.sql$/;
export const migrationsDir = fileURLToPath(new URL('../../migrations/', import.meta.url));

/** Reads `migrations/NNNN_verb_object.sql` in name order. */
export async function readMigrations(dir = migrationsDir): Promise<Migration[]> {
  const names = (await readdir(dir)).filter((name) => MIGRATION_FILE.test(name)).sort();
  return Promise.all(names.map(async (name) => ({ name, sql: await readFile(`${dir}/${name}`, 'utf8') })));
}

// Any fixed number: serialises migrations of several processes against one PostgreSQL.
const MIGRATION_LOCK = 7_250_117;

/**
 * Applies the pending migrations, each in its own transaction together with its bookkeeping row,
 * then grants the request role access to every table (the audit trail only to read and append, the
 * partitions not at all) and creates the partitions of the current time window. Safe to run from
 * several processes at once.
 * Returns the names applied by this call.
 */
export async function migrate(database: Database, migrations?: readonly Migration[]): Promise<string[]> {
  const all = migrations ?? (await readMigrations());
  await database.execScript(
    `SELECT pg_advisory_xact_lock(${MIGRATION_LOCK});
     CREATE TABLE IF NOT EXISTS lastplan_migrations (name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())`,
  );
  const appliedNow: string[] = [];
  for (const migration of all) {
    if ((await appliedNames(database)).has(migration.name)) continue;
    try {
      await database.execScript(
        `SELECT pg_advisory_xact_lock(${MIGRATION_LOCK});\n${migration.sql}\n;INSERT INTO lastplan_migrations (name) VALUES ('${migration.name}');`,
      );
      appliedNow.push(migration.name);
    } catch (error) {
      // Another process may have applied it while we waited for the lock.
      if ((await appliedNames(database)).has(migration.name)) continue;
      throw new Error(`migration ${migration.name} failed: ${(error as Error).message}`, { cause: error });
    }
  }
  await database.execScript(`
    SELECT pg_advisory_xact_lock(${MIGRATION_LOCK});
    GRANT USAGE ON SCHEMA public TO lastplan_app;
    GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO lastplan_app;
    REVOKE ALL ON lastplan_migrations FROM lastplan_app;
    DO $$
    DECLARE part regclass;
    BEGIN
      IF to_regclass('audit_events') IS NOT NULL THEN
        REVOKE UPDATE, DELETE, TRUNCATE ON audit_events FROM lastplan_app;
      END IF;
      -- Partitions are reached through their parent, whose policies apply; directly they would not.
      FOR part IN SELECT c.oid::regclass FROM pg_class c
          JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = 'public'
          WHERE c.relispartition AND c.relkind IN ('r', 'p') LOOP
        EXECUTE format('REVOKE ALL ON %s FROM lastplan_app', part);
      END LOOP;
      IF to_regproc('lastplan_partition_upkeep') IS NOT NULL THEN
        PERFORM lastplan_partition_upkeep(now());
      END IF;
    END $$;
  `);
  return appliedNow;
}

async function appliedNames(database: Database): Promise<Set<string>> {
  const rows = await database.db.selectFrom('lastplan_migrations').select('name').execute();
  return new Set(rows.map((row) => row.name));
}

/** Names of migrations not yet applied, for `lastplan migrate --status`. */
export async function pendingMigrations(
  database: Database,
  migrations?: readonly Migration[],
): Promise<string[]> {
  const all = migrations ?? (await readMigrations());
  const exists = await sql<{
    exists: boolean;
  }>`select to_regclass('lastplan_migrations') is not null as exists`.execute(database.db);
  if (!exists.rows[0]?.exists) return all.map((m) => m.name);
  const applied = await appliedNames(database);
  return all.filter((m) => !applied.has(m.name)).map((m) => m.name);
}
