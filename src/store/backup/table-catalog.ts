import { type Kysely, sql } from 'kysely';
import type { Schema } from '../schema.ts';

/** What a backup needs to know about one table of the `public` schema. */
export interface TableInfo {
  readonly name: string;
  /** Columns that can be written, in table order (generated columns left out). */
  readonly columns: readonly string[];
  /** Primary-key columns: the order rows are read in, so that checksums are reproducible. */
  readonly primaryKey: readonly string[];
  /** Identity columns, whose sequences must move past the restored values. */
  readonly identity: readonly string[];
  readonly hasTenantId: boolean;
  /**
   * Tables stored under this deployment's series keys are written in a portable shape, by tenant
   * and series id (as before the keys existed), and mapped back to the keys on restore.
   */
  readonly portable?: PortableTable;
}

export interface PortableTable {
  /** A parenthesised select of `columns`, read as if it were the table. */
  readonly select: string;
  /** An insert that reads its rows from `json_to_recordset` of the one parameter that follows it. */
  readonly insertFrom: string;
}

/** Columns that only mean something in this deployment: assigned again on restore. */
const LOCAL_COLUMNS = new Set(['tenants.num', 'tenants.context_version', 'series.series_key']);

/** The portable shape of the tables keyed by series key: column name and type, in order. */
const PORTABLE_SHAPES: Readonly<Record<string, readonly (readonly [string, string])[]>> = {
  samples: [
    ['tenant_id', 'uuid'],
    ['series_id', 'uuid'],
    ['ts', 'timestamptz'],
    ['value', 'double precision'],
  ],
  rollups_hourly: [
    ['tenant_id', 'uuid'],
    ['series_id', 'uuid'],
    ['hour', 'timestamptz'],
    ['count', 'integer'],
    ['sum', 'double precision'],
    ['min', 'double precision'],
    ['max', 'double precision'],
    ['increase', 'double precision'],
  ],
};

function portableInfo(name: string, keyed: readonly string[]): TableInfo | undefined {
  const shape = PORTABLE_SHAPES[name];
  if (!shape || !keyed.includes('series_key')) return undefined;
  const columns = shape.map(([column]) => column);
  const own = columns.slice(2);
  const list = own.map(ident);
  return {
    name,
    columns,
    primaryKey: columns.slice(0, 3),
    identity: [],
    hasTenantId: true,
    portable: {
      select: `(select s.tenant_id, s.id as series_id, ${list.map((c) => `x.${c}`).join(', ')} from ${ident(name)} x join series s on s.series_key = x.series_key)`,
      insertFrom: `insert into ${ident(name)} (series_key, ${list.join(', ')}) select s.series_key, ${list.map((c) => `r.${c}`).join(', ')} from series s join json_to_recordset(`,
    },
  };
}

/** Closes `PortableTable.insertFrom` after its parameter. */
export function portableInsertEnd(name: string): string {
  const shape = PORTABLE_SHAPES[name] ?? [];
  return `::text::json) as r(${shape.map(([column, type]) => `${ident(column)} ${type}`).join(', ')}) on s.tenant_id = r.tenant_id and s.id = r.series_id`;
}

/**
 * Tables that are not data: the migration ledger (recorded in the backup's header instead) and
 * the sign-in sessions (a restored session would sign people in again).
 */
const NOT_BACKED_UP = new Set(['lastplan_migrations', 'sessions', 'auth_sessions']);

interface ColumnRow {
  table_name: string;
  column_name: string;
  is_identity: boolean;
  is_generated: boolean;
  is_pk: boolean;
  pk_position: number | null;
}

interface ReferenceRow {
  child: string;
  parent: string;
}

/**
 * Every data table of the schema in an order where each table comes after the tables it
 * references, so that rows can be inserted table by table with the foreign keys checked.
 */
export async function listTables(db: Kysely<Schema>): Promise<TableInfo[]> {
  const columns = await sql<ColumnRow>`
    select c.relname as table_name, a.attname as column_name,
           a.attidentity <> '' as is_identity, a.attgenerated <> '' as is_generated,
           coalesce(a.attnum = any(i.indkey), false) as is_pk,
           array_position(i.indkey::int2[], a.attnum) as pk_position
    from pg_class c
    join pg_namespace n on n.oid = c.relnamespace and n.nspname = 'public'
    join pg_attribute a on a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped
    left join pg_index i on i.indrelid = c.oid and i.indisprimary
    where c.relkind in ('r', 'p') and not c.relispartition
    order by c.relname, a.attnum`.execute(db);
  const references = await sql<ReferenceRow>`
    select distinct child.relname as child, parent.relname as parent
    from pg_constraint f
    join pg_class child on child.oid = f.conrelid
    join pg_class parent on parent.oid = f.confrelid
    join pg_namespace n on n.oid = child.relnamespace and n.nspname = 'public'
    where f.contype = 'f' and child.oid <> parent.oid`.execute(db);

  const tables = new Map<string, { columns: string[]; pk: [number, string][]; identity: string[] }>();
  for (const row of columns.rows) {
    if (NOT_BACKED_UP.has(row.table_name)) continue;
    let table = tables.get(row.table_name);
    if (!table) {
      table = { columns: [], pk: [], identity: [] };
      tables.set(row.table_name, table);
    }
    if (row.is_generated || LOCAL_COLUMNS.has(`${row.table_name}.${row.column_name}`)) continue;
    table.columns.push(row.column_name);
    if (row.is_identity) table.identity.push(row.column_name);
    if (row.is_pk && row.pk_position !== null) table.pk.push([row.pk_position, row.column_name]);
  }
  const parents = new Map<string, string[]>();
  for (const { child, parent } of references.rows) {
    if (!tables.has(child) || !tables.has(parent)) continue;
    parents.set(child, [...(parents.get(child) ?? []), parent]);
  }
  // Portable rows are mapped to series keys on restore: the series must be there first.
  for (const name of Object.keys(PORTABLE_SHAPES)) {
    if (tables.has(name) && tables.has('series')) parents.set(name, [...(parents.get(name) ?? []), 'series']);
  }

  const ordered: TableInfo[] = [];
  const placed = new Set<string>();
  const visit = (name: string, path: Set<string>) => {
    if (placed.has(name)) return;
    if (path.has(name)) throw new Error(`foreign keys form a cycle through table ${name}`);
    path.add(name);
    for (const parent of (parents.get(name) ?? []).sort()) visit(parent, path);
    path.delete(name);
    placed.add(name);
    const table = tables.get(name);
    if (!table) return;
    const portable = portableInfo(name, table.columns);
    if (portable) {
      ordered.push(portable);
      return;
    }
    const primaryKey = table.pk.sort((a, b) => a[0] - b[0]).map(([, column]) => column);
    ordered.push({
      name,
      columns: table.columns,
      primaryKey: primaryKey.length > 0 ? primaryKey : table.columns,
      identity: table.identity,
      hasTenantId: table.columns.includes('tenant_id'),
    });
  };
  for (const name of [...tables.keys()].sort()) visit(name, new Set());
  return ordered;
}

/** A quoted SQL identifier (table and column names come from the catalog, never from input). */
export function ident(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}
