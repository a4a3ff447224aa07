import { formatMoney, type Money, money } from '../domain/money.ts';
import type { ColumnWarning, PartialTotal } from '../ingest/focus/column-warning.ts';
import { insertCostRecords, type NewCostRecord } from './cost-record-store.ts';
import { jsonb } from './jsonb.ts';
import type { PartialTotalJson } from './schema.ts';
import type { TenantTx } from './with-tenant.ts';

/** One imported billing period, as stored. */
export interface CostImport {
  readonly id: string;
  readonly periodKey: string;
  readonly format: 'focus' | 'plain';
  readonly fileName: string;
  readonly hash: string;
  readonly rows: number;
  readonly corrections: number;
  readonly firstLine: number;
  readonly lastLine: number;
  readonly billedTotals: readonly { amount: string; currency: string }[];
  readonly effectiveTotals: readonly { amount: string; currency: string }[];
  /** FOCUS ListCost and ContractedCost; `amount` null when no row states it. */
  readonly listTotals: readonly PartialTotalJson[];
  readonly contractedTotals: readonly PartialTotalJson[];
  readonly warnings: readonly ColumnWarning[];
  readonly bookedTotal: Money;
  readonly importedAt: Date;
}

/** The stored content hash per period key, for the keys asked for. */
export async function storedImportHashes(
  tx: TenantTx,
  periodKeys: readonly string[],
): Promise<Map<string, string>> {
  if (periodKeys.length === 0) return new Map();
  const rows = await tx
    .selectFrom('cost_imports')
    .select(['period_key', 'hash'])
    .where('period_key', 'in', [...periodKeys])
    .execute();
  return new Map(rows.map((row) => [row.period_key, row.hash]));
}

const totals = (amounts: readonly Money[]) =>
  amounts.map((m) => ({ amount: formatMoney(m, 9), currency: m.currency }));

const partialTotals = (list: readonly PartialTotal[]): PartialTotalJson[] =>
  list.map((t) => ({
    amount: t.amount === null ? null : formatMoney(t.amount, 9),
    currency: t.currency,
    unknownRows: t.unknownRows,
  }));

/**
 * Replaces everything stored for one billing period with the new import and its records: the
 * old import row goes, and its records with it (foreign key cascade), in the caller's transaction.
 */
export async function replacePeriodImport(
  tx: TenantTx,
  tenantId: string,
  entry: Omit<
    CostImport,
    'importedAt' | 'billedTotals' | 'effectiveTotals' | 'listTotals' | 'contractedTotals'
  > & {
    readonly billed: readonly Money[];
    readonly effective: readonly Money[];
    readonly list: readonly PartialTotal[];
    readonly contracted: readonly PartialTotal[];
    readonly importedAt: Date;
  },
  records: readonly NewCostRecord[],
): Promise<void> {
  await tx.deleteFrom('cost_imports').where('period_key', '=', entry.periodKey).execute();
  await tx
    .insertInto('cost_imports')
    .values({
      tenant_id: tenantId,
      id: entry.id,
      period_key: entry.periodKey,
      format: entry.format,
      file_name: entry.fileName,
      hash: entry.hash,
      rows: entry.rows,
      corrections: entry.corrections,
      first_line: entry.firstLine,
      last_line: entry.lastLine,
      billed_totals: jsonb(totals(entry.billed)),
      effective_totals: jsonb(totals(entry.effective)),
      list_totals: jsonb(partialTotals(entry.list)),
      contracted_totals: jsonb(partialTotals(entry.contracted)),
      warnings: jsonb(entry.warnings.map(({ column, provider, rows }) => ({ column, provider, rows }))),
      booked_total: formatMoney(entry.bookedTotal, 9),
      currency: entry.bookedTotal.currency,
      imported_at: entry.importedAt,
    })
    .execute();
  await insertCostRecords(tx, tenantId, entry.format, entry.id, records);
}

/** Every imported period, newest first. */
export async function listCostImports(tx: TenantTx): Promise<CostImport[]> {
  const rows = await tx.selectFrom('cost_imports').selectAll().orderBy('imported_at', 'desc').execute();
  return rows.map((row) => ({
    id: row.id,
    periodKey: row.period_key,
    format: row.format,
    fileName: row.file_name,
    hash: row.hash,
    rows: row.rows,
    corrections: row.corrections,
    firstLine: row.first_line,
    lastLine: row.last_line,
    billedTotals: row.billed_totals,
    effectiveTotals: row.effective_totals,
    listTotals: row.list_totals,
    contractedTotals: row.contracted_totals,
    warnings: row.warnings,
    bookedTotal: money(row.booked_total, row.currency.trim()),
    importedAt: row.imported_at,
  }));
}
