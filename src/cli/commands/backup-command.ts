import { createWriteStream, existsSync } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { type IncomingMessage, request } from 'node:http';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { backupFileLines, readBackupHeader, writeBackupFile } from '../../store/backup/backup-file.ts';
import { type BackupScope, backupStamp, type TableDigest } from '../../store/backup/backup-format.ts';
import { type ParsedBackup, parseBackup } from '../../store/backup/parse-backup.ts';
import { migrateForBackup, restoreBackup } from '../../store/backup/restore-backup.ts';
import type { BackupSummary } from '../../store/backup/write-backup.ts';
import { controlSocketPath } from '../../store/data-dir-lock.ts';
import { findTenantBySlug } from '../../store/tenant-store.ts';
import { adminTarget, withAdminDatabase } from '../admin-database.ts';
import { CliError, type CliIo } from '../cli-io.ts';
import { optionalString, type ParsedCommand } from '../parse-command.ts';
import { apiTarget, problemLine } from './catalogs-import-command.ts';

function defaultName(now: Date): string {
  return `lastplan-backup-${backupStamp(now)}.ndjson.gz`;
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

function printSummary(io: CliIo, parsed: ParsedCommand, out: string, result: ParsedBackup | BackupSummary) {
  const scope = result.header.scope;
  if (parsed.values.json) {
    io.stdout(
      `${JSON.stringify({ file: out, scope, rows: result.rows, tables: tableJson(result.tables) })}\n`,
    );
  } else {
    io.stdout(
      `wrote ${out}: ${describeScope(scope)}, ${result.tables.size} tables, ${result.rows} rows\n${tableLines(result.tables)}`,
    );
  }
}

/** Saves a streamed backup: checks the whole file before it takes its final name, then says what it holds. */
async function saveChecked(
  io: CliIo,
  parsed: ParsedCommand,
  out: string,
  body: NodeJS.ReadableStream,
): Promise<number> {
  const partial = `${out}.partial`;
  try {
    await pipeline(body, createWriteStream(partial));
    const result = await parseBackup(backupFileLines(partial));
    await rename(partial, out);
    printSummary(io, parsed, out, result);
    return 0;
  } finally {
    await rm(partial, { force: true });
  }
}

/** Downloads the token's tenant from a running server. */
async function backupThroughApi(io: CliIo, parsed: ParsedCommand, out: string): Promise<number> {
  if (optionalString(parsed, 'tenant')) {
    throw new CliError('--tenant does not go with --api: the server backs up the tenant of the token', 2);
  }
  const { api, token } = apiTarget(io, parsed);
  let response: Response;
  try {
    response = await fetch(`${api}/v1/backup`, { headers: { authorization: `Bearer ${token}` } });
  } catch (error) {
    throw new CliError(`cannot reach ${api}: ${(error as Error).cause ?? (error as Error).message}`);
  }
  if (!response.ok || !response.body) {
    throw new CliError(problemLine(response.status, (await response.json().catch(() => ({}))) as object));
  }
  return saveChecked(
    io,
    parsed,
    out,
    Readable.fromWeb(response.body as import('node:stream/web').ReadableStream),
  );
}

/**
 * Asks the server that holds the PGlite folder for the backup, through the folder's control
 * socket; undefined when no server answers there (none runs, or one died and left the socket).
 */
async function backupThroughServer(
  io: CliIo,
  parsed: ParsedCommand,
  out: string,
  socketPath: string,
  slug: string | undefined,
): Promise<number | undefined> {
  const response = await new Promise<IncomingMessage | undefined>((resolve, reject) => {
    const req = request(
      { socketPath, path: `/backup${slug ? `?tenant=${encodeURIComponent(slug)}` : ''}`, method: 'GET' },
      resolve,
    );
    req.on('error', (error: NodeJS.ErrnoException) =>
      ['ENOENT', 'ECONNREFUSED', 'ENOTSOCK'].includes(error.code ?? '') ? resolve(undefined) : reject(error),
    );
    req.end();
  });
  if (!response) return undefined;
  if (response.statusCode !== 200) {
    const text = await new Response(Readable.toWeb(response) as ReadableStream).text();
    const detail = (JSON.parse(text || '{}') as { detail?: string }).detail ?? text;
    throw new CliError(`the running server refused the backup: ${detail}`);
  }
  return saveChecked(io, parsed, out, response);
}

export async function backupCommand(io: CliIo, parsed: ParsedCommand): Promise<number> {
  const now = new Date();
  const out = optionalString(parsed, 'out') ?? defaultName(now);
  if (optionalString(parsed, 'api')) return backupThroughApi(io, parsed, out);
  const slug = optionalString(parsed, 'tenant');
  const target = adminTarget(io, parsed);
  // A PGlite folder that a running server holds is read through that server, from one snapshot.
  if (!target.databaseUrl && existsSync(controlSocketPath(target.dataDir))) {
    const done = await backupThroughServer(io, parsed, out, controlSocketPath(target.dataDir), slug);
    if (done !== undefined) return done;
  }
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
