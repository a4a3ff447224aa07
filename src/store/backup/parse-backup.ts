import { createHash, type Hash } from 'node:crypto';
import {
  BACKUP_VERSION,
  BackupError,
  type BackupHeader,
  ROW_PREFIX,
  rowJsonOf,
  type TableDigest,
} from './backup-format.ts';

export interface BackupVisitor {
  header?(header: BackupHeader): Promise<void> | void;
  tableStart?(table: string, columns: readonly string[]): Promise<void> | void;
  row?(rowJson: string): Promise<void> | void;
  tableEnd?(table: string, digest: TableDigest): Promise<void> | void;
}

export interface ParsedBackup {
  readonly header: BackupHeader;
  readonly tables: ReadonlyMap<string, TableDigest>;
  readonly rows: number;
}

function parseLine(line: string, number: number): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(line);
    if (value && typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch {
    // reported below
  }
  throw new BackupError(`line ${number} is not a JSON object: the backup is damaged`);
}

function checkHeader(value: Record<string, unknown>): BackupHeader {
  if (value.lastplan !== 'backup')
    throw new BackupError('this is not a lastplan backup (its first line has no "lastplan":"backup")');
  if (typeof value.version !== 'number' || value.version > BACKUP_VERSION) {
    throw new BackupError(
      `backup format version ${String(value.version)} is newer than this lastplan reads (${BACKUP_VERSION}): update lastplan`,
    );
  }
  if (!Array.isArray(value.migrations) || !value.scope || typeof value.scope !== 'object') {
    throw new BackupError('the backup header lacks its scope or migrations: the backup is damaged');
  }
  return value as unknown as BackupHeader;
}

/**
 * Reads a backup line by line, checks every table's row count and digest and the closing line,
 * and tells `visitor` what it finds. Throws `BackupError` at the first sign of damage; a visitor
 * that writes should therefore work inside a transaction it can roll back.
 */
export async function parseBackup(
  lines: AsyncIterable<string>,
  visitor: BackupVisitor = {},
): Promise<ParsedBackup> {
  let header: BackupHeader | undefined;
  let current: { name: string; rows: number; hash: Hash } | undefined;
  const tables = new Map<string, TableDigest>();
  let rows = 0;
  let complete = false;
  let number = 0;
  for await (const line of lines) {
    number += 1;
    if (line === '') continue;
    if (complete) throw new BackupError(`line ${number} follows the closing line: the backup is damaged`);
    if (current && line.startsWith(ROW_PREFIX)) {
      const rowJson = rowJsonOf(line);
      current.hash.update(rowJson);
      current.hash.update('\n');
      current.rows += 1;
      await visitor.row?.(rowJson);
      continue;
    }
    const value = parseLine(line, number);
    if (!header) {
      header = checkHeader(value);
      await visitor.header?.(header);
    } else if (typeof value.table === 'string' && Array.isArray(value.columns) && !current) {
      if (tables.has(value.table))
        throw new BackupError(`table ${value.table} appears twice: the backup is damaged`);
      current = { name: value.table, rows: 0, hash: createHash('sha256') };
      await visitor.tableStart?.(value.table, value.columns as string[]);
    } else if (typeof value.end === 'string' && current && value.end === current.name) {
      const digest = { rows: current.rows, sha256: current.hash.digest('hex') };
      if (digest.rows !== value.rows || digest.sha256 !== value.sha256) {
        throw new BackupError(
          `table ${current.name}: ${digest.rows} rows read but the backup records ${String(value.rows)}, or their digest differs: the backup is damaged`,
        );
      }
      tables.set(current.name, digest);
      rows += digest.rows;
      await visitor.tableEnd?.(current.name, digest);
      current = undefined;
    } else if (value.complete === true && !current) {
      if (value.tables !== tables.size || value.rows !== rows) {
        throw new BackupError(
          `the closing line records ${String(value.tables)} tables and ${String(value.rows)} rows, but ${tables.size} and ${rows} were read`,
        );
      }
      complete = true;
    } else {
      throw new BackupError(
        `line ${number} is out of place${current ? ` inside table ${current.name}` : ''}: the backup is damaged`,
      );
    }
  }
  if (!header) throw new BackupError('the backup is empty');
  if (!complete) {
    throw new BackupError(
      `the backup ends before its closing line${current ? ` (inside table ${current.name})` : ''}: it is truncated`,
    );
  }
  return { header, tables, rows };
}
