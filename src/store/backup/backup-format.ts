/**
 * A lastplan backup is UTF-8 text, one JSON value per line, gzip-compressed on disk:
 *
 *   {"lastplan":"backup","version":1,...}            the header (scope, migrations, time)
 *   {"table":"services","columns":["tenant_id",...]}  a table starts
 *   {"r":{...}}                                        one row each, as PostgreSQL's row_to_json wrote it
 *   {"end":"services","rows":5,"sha256":"…"}           the table ends: row count and digest of its rows
 *   {"complete":true,"tables":19,"rows":412345}        the last line; a file without it is truncated
 *
 * The digest covers each row's JSON text followed by a newline, in primary-key order, so the
 * same digest can be computed from a live database to prove a restore complete.
 */
export const BACKUP_VERSION = 1;

export type BackupScope =
  | { readonly kind: 'deployment' }
  | { readonly kind: 'tenant'; readonly tenantId: string; readonly slug: string };

export interface BackupHeader {
  readonly lastplan: 'backup';
  readonly version: number;
  readonly createdAt: string;
  readonly backend: string;
  readonly scope: BackupScope;
  /** The migrations applied to the source, in order: a restore target must know all of them. */
  readonly migrations: readonly string[];
}

export interface TableDigest {
  readonly rows: number;
  readonly sha256: string;
}

/** A backup's time in file names: `20261204T193329Z`. */
export function backupStamp(at: Date | string): string {
  return new Date(at)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
}

/** Row lines wrap the row text untouched, so numbers keep their exact digits. */
export const ROW_PREFIX = '{"r":';

export function rowLine(rowJson: string): string {
  return `${ROW_PREFIX}${rowJson}}`;
}

export function rowJsonOf(line: string): string {
  return line.slice(ROW_PREFIX.length, -1);
}

/** A backup that cannot be trusted: damaged, truncated, or from a newer lastplan. */
export class BackupError extends Error {
  override readonly name = 'BackupError';
}
