import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../src/demo/seed-demo.ts';
import { silentLogger } from '../../src/logger.ts';
import { backupFileLines, readBackupHeader, writeBackupFile } from '../../src/store/backup/backup-file.ts';
import { BackupError } from '../../src/store/backup/backup-format.ts';
import { parseBackup } from '../../src/store/backup/parse-backup.ts';
import { migrateForBackup, restoreBackup } from '../../src/store/backup/restore-backup.ts';
import { digestDatabase } from '../../src/store/backup/write-backup.ts';
import type { Database } from '../../src/store/database.ts';
import { createTenant } from '../../src/store/tenant-store.ts';
import { openTestDatabase, type TestBackend, testBackends } from '../support/databases.ts';

async function restoreFile(target: Database, path: string) {
  await migrateForBackup(target, await readBackupHeader(path));
  return restoreBackup(target, backupFileLines(path));
}

describe.each(testBackends())('backup and restore on %s', (backend) => {
  let dir: string;
  let source: Database;
  const open: Database[] = [];
  let tenantId: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'lastplan-backup-'));
    source = await openTestDatabase(backend);
    const seed = await seedDemo(source, {
      now: new Date('2025-03-01T00:00:00Z'),
      newId: () => crypto.randomUUID(),
      logger: silentLogger,
      adminToken: 'a'.repeat(32),
    });
    tenantId = seed?.tenantId as string;
    // An audit entry: an append-only table whose key is an identity column.
    await sql`insert into audit_events (tenant_id, at, actor_kind, actor_id, actor_name, action, resource_type, request_id)
      values (${tenantId}, now(), 'person', 'u-1', 'Erika Muster', 'plan.approve', 'plan', 'req-1')`.execute(
      source.db,
    );
    await createTenant(source, crypto.randomUUID(), {
      slug: 'nachbarort',
      name: 'Nachbarort',
      federalState: 'NW',
    });
  }, 120_000);

  afterAll(async () => {
    for (const database of [source, ...open]) await database?.close();
    await rm(dir, { recursive: true, force: true });
  });

  async function target(kind: TestBackend = backend): Promise<Database> {
    const database = await openTestDatabase(kind, { migrated: false });
    open.push(database);
    return database;
  }

  it('restores a whole deployment into a fresh database with every table identical', async () => {
    const path = join(dir, 'full.ndjson.gz');
    const summary = await writeBackupFile(source, { kind: 'deployment' }, path);
    expect(summary.rows).toBeGreaterThan(10_000);
    expect(summary.tables.get('samples')?.rows).toBeGreaterThan(5_000);
    expect(summary.tables.get('cost_records')?.rows).toBeGreaterThan(0);
    expect(summary.tables.get('audit_events')?.rows).toBe(1);
    expect(summary.tables.has('sessions')).toBe(false);

    const restored = await target();
    const result = await restoreFile(restored, path);
    expect(result.rows).toBe(summary.rows);

    const before = await digestDatabase(source);
    const after = await digestDatabase(restored);
    expect([...after.keys()].sort()).toEqual([...before.keys()].sort());
    for (const [table, digest] of before) expect(after.get(table), table).toEqual(digest);

    // The identity sequence moved past the restored ids: a new cost record gets a fresh id.
    const next = await sql<{
      id: string;
    }>`select nextval(pg_get_serial_sequence('cost_records', 'id'))::text as id`.execute(restored.db);
    const max = await sql<{ id: string }>`select max(id)::text as id from cost_records`.execute(restored.db);
    expect(BigInt(next.rows[0]?.id as string)).toBeGreaterThan(BigInt(max.rows[0]?.id as string));
  }, 120_000);

  it('moves a deployment between backends (PGlite and PostgreSQL give the same digests)', async () => {
    if (testBackends().length < 2) return;
    const path = join(dir, 'cross.ndjson.gz');
    const summary = await writeBackupFile(source, { kind: 'deployment' }, path);
    const restored = await target(backend === 'pglite' ? 'postgres' : 'pglite');
    await restoreFile(restored, path);
    const after = await digestDatabase(restored);
    for (const [table, digest] of summary.tables) expect(after.get(table), table).toEqual(digest);
  }, 120_000);

  it('exports one tenant and imports it into a deployment that has other tenants', async () => {
    const path = join(dir, 'tenant.ndjson.gz');
    const scope = { kind: 'tenant', tenantId, slug: 'musterstadt' } as const;
    const summary = await writeBackupFile(source, scope, path);
    expect(summary.tables.get('tenants')?.rows).toBe(1);

    const other = await target();
    await migrateForBackup(other, await readBackupHeader(path));
    await createTenant(other, crypto.randomUUID(), {
      slug: 'andere-stadt',
      name: 'Andere Stadt',
      federalState: 'HE',
    });
    await restoreBackup(other, backupFileLines(path));
    const digests = await digestDatabase(other, scope);
    for (const [table, digest] of summary.tables) expect(digests.get(table), table).toEqual(digest);
    const tenants = await sql<{ slug: string }>`select slug from tenants order by slug`.execute(other.db);
    expect(tenants.rows.map((row) => row.slug)).toEqual(['andere-stadt', 'musterstadt']);

    // A second import of the same tenant is refused and changes nothing.
    await expect(restoreBackup(other, backupFileLines(path))).rejects.toThrow(
      /already has a tenant musterstadt/,
    );
    expect((await digestDatabase(other, scope)).get('samples')).toEqual(summary.tables.get('samples'));
  }, 120_000);

  it('refuses to restore a whole deployment over existing data, and leaves it as it was', async () => {
    const path = join(dir, 'full.ndjson.gz');
    await expect(restoreBackup(source, backupFileLines(path))).rejects.toThrow(/not empty/);
  });

  it('finds damage: a changed row, a truncated file, garbage — and a damaged restore leaves nothing behind', async () => {
    const path = join(dir, 'full.ndjson.gz');
    const text = gunzipSync(await readFile(path)).toString('utf8');

    const changed = join(dir, 'changed.ndjson.gz');
    const samplesRow = text.indexOf('{"r":', text.indexOf('{"table":"samples"'));
    const tampered = `${text.slice(0, samplesRow)}${text.slice(samplesRow).replace(/"value":(\d)/, '"value":9$1')}`;
    expect(tampered).not.toBe(text);
    await writeFile(changed, gzipSync(tampered));
    await expect(parseBackup(backupFileLines(changed))).rejects.toThrow(/table samples: .*digest differs/);
    const victim = await target();
    await expect(restoreFile(victim, changed)).rejects.toBeInstanceOf(BackupError);
    const left = await sql<{ n: number }>`select count(*)::int as n from samples`.execute(victim.db);
    expect(left.rows[0]?.n).toBe(0);

    const cut = join(dir, 'cut.ndjson.gz');
    await writeFile(cut, gzipSync(text.slice(0, Math.floor(text.length / 2))));
    await expect(parseBackup(backupFileLines(cut))).rejects.toThrow(/truncated/);

    const halfGzip = join(dir, 'half.gz');
    const bytes = await readFile(path);
    await writeFile(halfGzip, bytes.subarray(0, Math.floor(bytes.length / 2)));
    await expect(parseBackup(backupFileLines(halfGzip))).rejects.toThrow(BackupError);

    const garbage = join(dir, 'garbage.gz');
    await writeFile(garbage, 'this is not gzip');
    await expect(parseBackup(backupFileLines(garbage))).rejects.toThrow(/not a readable gzip backup/);
    await expect(parseBackup(backupFileLines(join(dir, 'missing.gz')))).rejects.toThrow(/no backup at/);
  }, 120_000);

  it('refuses a backup from a newer lastplan', async () => {
    const path = join(dir, 'full.ndjson.gz');
    const text = gunzipSync(await readFile(path)).toString('utf8');
    const newer = join(dir, 'newer.ndjson.gz');
    await writeFile(newer, gzipSync(text.replace('"migrations":[', '"migrations":["9999_add_future",')));
    const victim = await target();
    await expect(restoreBackup(victim, backupFileLines(newer))).rejects.toThrow(
      /newer lastplan .*9999_add_future/,
    );
  });
});
