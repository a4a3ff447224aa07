import { backupFileLines, readBackupHeader, writeBackupFile } from '../../store/backup/backup-file.ts';
import type { BackupScope, TableDigest } from '../../store/backup/backup-format.ts';
import { parseBackup } from '../../store/backup/parse-backup.ts';
import { migrateForBackup, restoreBackup } from '../../store/backup/restore-backup.ts';
import { findTenantBySlug } from '../../store/tenant-store.ts';
import { withAdminDatabase } from '../admin-database.ts';
import { CliError, type CliIo } from '../cli-io.ts';
import { optionalString, type ParsedCommand } from '../parse-command.ts';

function defaultName(now: Date): string {
  return `lastplan-backup-${now
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z')}.ndjson.gz`;
}

function describeScope(scope: BackupScope): string {
  return scope.kind === 'deployment' ? 'the whole deployment' : `tenant ${scope.slug}`;
}

function tableLines(tables: ReadonlyMap<string, TableDigest>): string {
  return [...tables]
    .map(
      ([name, digest]) =>
        `  ${name.padEnd(20)} ${String(digest.rows).padStart(10)} rows  sha256 ${digest.sha256.slice(0, 16)}…\n`,
    )
    .join('');
}

function tableJson(tables: ReadonlyMap<string, TableDigest>) {
  return Object.fromEntries(tables);
}

export async function backupCommand(io: CliIo, parsed: ParsedCommand): Promise<number> {
  const now = new Date();
  const out = optionalString(parsed, 'out') ?? defaultName(now);
  const slug = optionalString(parsed, 'tenant');
  return withAdminDatabase(
    io,
    parsed,
    async (database) => {
      let scope: BackupScope = { kind: 'deployment' };
      if (slug) {
        const tenant = await findTenantBySlug(database, slug);
        if (!tenant) throw new CliError(`no tenant with slug "${slug}" (see: lastplan tenants list)`);
        scope = { kind: 'tenant', tenantId: tenant.id, slug: tenant.slug };
      }
      const summary = await writeBackupFile(database, scope, out);
      if (parsed.values.json) {
        io.stdout(
          `${JSON.stringify({ file: out, scope, rows: summary.rows, tables: tableJson(summary.tables) })}\n`,
        );
      } else {
        io.stdout(
          `wrote ${out}: ${describeScope(scope)}, ${summary.tables.size} tables, ${summary.rows} rows\n${tableLines(summary.tables)}`,
        );
      }
      return 0;
    },
    { migrate: false },
  );
}

export async function backupVerifyCommand(io: CliIo, parsed: ParsedCommand): Promise<number> {
  const file = parsed.positionals[0];
  if (!file) throw new CliError('which backup? usage: lastplan backup verify FILE', 2);
  const result = await parseBackup(backupFileLines(file));
  if (parsed.values.json) {
    io.stdout(
      `${JSON.stringify({ file, ok: true, header: result.header, rows: result.rows, tables: tableJson(result.tables) })}\n`,
    );
  } else {
    io.stdout(
      `${file} is complete: ${describeScope(result.header.scope)} as of ${result.header.createdAt}, ` +
        `${result.tables.size} tables, ${result.rows} rows, every digest matches\n${tableLines(result.tables)}`,
    );
  }
  return 0;
}

export async function restoreCommand(io: CliIo, parsed: ParsedCommand): Promise<number> {
  const file = parsed.positionals[0];
  if (!file) throw new CliError('which backup? usage: lastplan restore FILE', 2);
  const header = await readBackupHeader(file);
  return withAdminDatabase(
    io,
    parsed,
    async (database) => {
      await migrateForBackup(database, header);
      const result = await restoreBackup(database, backupFileLines(file));
      if (parsed.values.json) {
        io.stdout(
          `${JSON.stringify({ file, scope: header.scope, tables: result.tables, rows: result.rows, migratedAfter: result.migratedAfter })}\n`,
        );
      } else {
        io.stdout(
          `restored ${describeScope(header.scope)} from ${file} (made ${header.createdAt}): ${result.tables} tables, ${result.rows} rows, every table's digest matches the backup\n` +
            (result.migratedAfter.length > 0
              ? `then applied ${result.migratedAfter.length} newer migrations: ${result.migratedAfter.join(', ')}\n`
              : ''),
        );
      }
      return 0;
    },
    { migrate: false },
  );
}
