import { sql } from 'kysely';
import type { CostCategory } from '../domain/cost-category.ts';
import { formatMoney, type Money, money } from '../domain/money.ts';
import type { AppliedRate } from '../finance/convert-on-day.ts';
import type { CostRecord } from '../finance/cost-record.ts';
import type { TenantTx } from './with-tenant.ts';

/** A cost record as stored: the domain record plus where it came from. */
export interface StoredCostRecord extends CostRecord {
  readonly origin: 'focus' | 'plain' | 'computed';
  readonly importId: string | null;
}

export interface NewCostRecord {
  readonly day: string;
  readonly serviceId: string | null;
  readonly category: CostCategory;
  readonly amount: Money;
  /** The line reference, e.g. "FOCUS aws.csv, line 12". */
  readonly source: string;
  /** The amount as billed and the rate it was converted with, when it was in another currency. */
  readonly fx?: AppliedRate | undefined;
}

const CHUNK = 10_000;

/** Writes cost records set-based (one statement per 10,000 records). */
export async function insertCostRecords(
  tx: TenantTx,
  tenantId: string,
  origin: StoredCostRecord['origin'],
  importId: string | null,
  records: readonly NewCostRecord[],
): Promise<void> {
  for (let start = 0; start < records.length; start += CHUNK) {
    const chunk = records.slice(start, start + CHUNK);
    const fx = <T>(pick: (applied: AppliedRate) => T) => chunk.map((r) => (r.fx ? pick(r.fx) : null));
    await sql`
      insert into cost_records (tenant_id, day, service_id, category, amount, currency, source, import_id, line_ref,
        original_amount, original_currency, fx_base, fx_quote, fx_rate, fx_date, fx_source)
      select ${tenantId}::uuid, r.day, r.service_id, r.category, r.amount, r.currency, ${origin}, ${importId}::uuid, r.line_ref,
        r.original_amount, r.original_currency, r.fx_base, r.fx_quote, r.fx_rate, r.fx_date, r.fx_source
      from unnest(${chunk.map((r) => r.day)}::text[], ${chunk.map((r) => r.serviceId)}::uuid[],
        ${chunk.map((r) => r.category)}::text[], ${chunk.map((r) => formatMoney(r.amount, 9))}::numeric[],
        ${chunk.map((r) => r.amount.currency)}::text[], ${chunk.map((r) => r.source)}::text[],
        ${fx((f) => formatMoney(f.original, 9))}::numeric[], ${fx((f) => f.original.currency)}::text[],
        ${fx((f) => f.rate.base)}::text[], ${fx((f) => f.rate.quote)}::text[], ${fx((f) => f.rate.rate)}::numeric[],
        ${fx((f) => f.rate.date)}::text[], ${fx((f) => f.rate.source)}::text[])
        as r(day, service_id, category, amount, currency, line_ref,
          original_amount, original_currency, fx_base, fx_quote, fx_rate, fx_date, fx_source)`.execute(tx);
  }
}

/** The records of days `from` to `to` (both included), in day order. */
export async function listCostRecords(
  tx: TenantTx,
  range: { readonly from: string; readonly to: string },
): Promise<StoredCostRecord[]> {
  const rows = await tx
    .selectFrom('cost_records')
    .select([
      'day',
      'service_id',
      'category',
      'amount',
      'currency',
      'source',
      'import_id',
      'line_ref',
      'original_amount',
      'original_currency',
      'fx_base',
      'fx_quote',
      sql<string | null>`fx_rate::text`.as('fx_rate'),
      'fx_date',
      'fx_source',
    ])
    .where('day', '>=', range.from)
    .where('day', '<=', range.to)
    .orderBy('day')
    .orderBy('id')
    .execute();
  return rows.map((row) => ({
    day: row.day,
    serviceId: row.service_id,
    category: row.category as CostCategory,
    amount: money(row.amount, row.currency.trim()),
    source: row.line_ref,
    origin: row.source,
    importId: row.import_id,
    fx:
      row.fx_rate === null || row.original_amount === null
        ? undefined
        : {
            original: money(row.original_amount, (row.original_currency ?? '').trim()),
            rate: {
              base: (row.fx_base ?? '').trim(),
              quote: (row.fx_quote ?? '').trim(),
              rate: row.fx_rate,
              date: row.fx_date ?? '',
              source: row.fx_source ?? '',
            },
          },
  }));
}

/**
 * Removes computed records of a day range (before they are computed again). Takes the tenant's
 * computed-costs lock until the transaction ends, so two computations of the same days one after
 * the other replace each other's records instead of both adding theirs.
 */
export async function deleteComputedCostRecords(
  tx: TenantTx,
  range: { readonly from: string; readonly to: string },
): Promise<void> {
  await sql`select pg_advisory_xact_lock(hashtext('computed-costs:' || lastplan_current_tenant()::text))`.execute(
    tx,
  );
  await tx
    .deleteFrom('cost_records')
    .where('source', '=', 'computed')
    .where('day', '>=', range.from)
    .where('day', '<=', range.to)
    .execute();
}
