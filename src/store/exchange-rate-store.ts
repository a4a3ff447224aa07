import { sql } from 'kysely';
import { parseDecimal } from '../domain/money.ts';
import { BUILTIN_TENANT } from './catalog-store.ts';
import type { TenantTx } from './with-tenant.ts';

export interface StoredRate {
  readonly base: string;
  readonly quote: string;
  readonly date: string;
  /** Decimal text, exact. */
  readonly rate: string;
  readonly source: string;
}

/**
 * The tenant's exchange-rate table: its own rates if it set any, else the built-in ones from the
 * shared catalog. `builtIn` says which.
 */
export async function listExchangeRates(tx: TenantTx): Promise<{ builtIn: boolean; rates: StoredRate[] }> {
  const rows = await tx
    .selectFrom('exchange_rates')
    .select(['tenant_id', 'base', 'quote', 'date', sql<string>`rate::text`.as('rate'), 'source'])
    .orderBy('date')
    .orderBy('base')
    .orderBy('quote')
    .execute();
  const own = rows.filter((row) => row.tenant_id !== BUILTIN_TENANT);
  const chosen = own.length > 0 ? own : rows;
  return {
    builtIn: own.length === 0,
    rates: chosen.map((row) => ({
      base: row.base,
      quote: row.quote,
      date: row.date,
      rate: row.rate,
      source: row.source,
    })),
  };
}

/** Replaces the tenant's own table; an empty list returns the tenant to the built-in rates. */
export async function replaceExchangeRates(
  tx: TenantTx,
  tenantId: string,
  rates: readonly StoredRate[],
): Promise<void> {
  await tx.deleteFrom('exchange_rates').where('tenant_id', '=', tenantId).execute();
  await insertRates(tx, tenantId, rates);
}

/** What adding rates did: new days, days whose rate changed, and days stored already as given. */
export interface RateChanges {
  readonly added: number;
  readonly corrected: number;
  readonly unchanged: number;
}

const pairKey = (r: { base: string; quote: string; date: string }) =>
  `${r.base < r.quote ? `${r.base}/${r.quote}` : `${r.quote}/${r.base}`}@${r.date}`;

/**
 * Adds or corrects single dated rates of the tenant, keeping every other rate it has: a rate for
 * a pair and day it has already (in either direction) replaces that one. The caller checks the
 * rates (one per pair and day).
 */
export async function upsertExchangeRates(
  tx: TenantTx,
  tenantId: string,
  rates: readonly StoredRate[],
): Promise<RateChanges> {
  if (rates.length === 0) return { added: 0, corrected: 0, unchanged: 0 };
  const existing = await tx
    .selectFrom('exchange_rates')
    .select(['base', 'quote', 'date', sql<string>`rate::text`.as('rate'), 'source'])
    .where('tenant_id', '=', tenantId)
    .where(
      'date',
      '>=',
      rates.reduce((min, r) => (r.date < min ? r.date : min), rates[0]!.date),
    )
    .execute();
  const stored = new Map(
    existing.map((row) => {
      const rate = { ...row, base: row.base.trim(), quote: row.quote.trim() };
      return [pairKey(rate), rate] as const;
    }),
  );
  const changed: StoredRate[] = [];
  let added = 0;
  let corrected = 0;
  for (const rate of rates) {
    const old = stored.get(pairKey(rate));
    if (old === undefined) added++;
    else if (
      old.base === rate.base &&
      old.source === rate.source &&
      parseDecimal(old.rate) === parseDecimal(rate.rate)
    )
      continue;
    else corrected++;
    changed.push(rate);
  }
  if (changed.length > 0) {
    // Both directions of each pair and day go, so the tenant never holds two rates for one day.
    await sql`
      delete from exchange_rates e
      using unnest(${changed.map((r) => r.base)}::text[], ${changed.map((r) => r.quote)}::text[],
        ${changed.map((r) => r.date)}::text[]) as t(base, quote, date)
      where e.tenant_id = ${tenantId}::uuid and e.date = t.date
        and ((e.base = t.base and e.quote = t.quote) or (e.base = t.quote and e.quote = t.base))`.execute(tx);
    await insertRates(tx, tenantId, changed);
  }
  return { added, corrected, unchanged: rates.length - added - corrected };
}

/** Removes one of the tenant's own rates (either direction); false when it had none. */
export async function deleteExchangeRate(
  tx: TenantTx,
  tenantId: string,
  rate: { readonly base: string; readonly quote: string; readonly date: string },
): Promise<boolean> {
  const result = await tx
    .deleteFrom('exchange_rates')
    .where('tenant_id', '=', tenantId)
    .where('date', '=', rate.date)
    .where((eb) =>
      eb.or([
        eb.and([eb('base', '=', rate.base), eb('quote', '=', rate.quote)]),
        eb.and([eb('base', '=', rate.quote), eb('quote', '=', rate.base)]),
      ]),
    )
    .executeTakeFirst();
  return result.numDeletedRows > 0n;
}

const CHUNK = 10_000;

async function insertRates(tx: TenantTx, tenantId: string, rates: readonly StoredRate[]): Promise<void> {
  for (let start = 0; start < rates.length; start += CHUNK) {
    const chunk = rates.slice(start, start + CHUNK);
    await sql`
      insert into exchange_rates (tenant_id, base, quote, date, rate, source)
      select ${tenantId}::uuid, t.base, t.quote, t.date, t.rate, t.source
      from unnest(${chunk.map((r) => r.base)}::text[], ${chunk.map((r) => r.quote)}::text[],
        ${chunk.map((r) => r.date)}::text[], ${chunk.map((r) => r.rate)}::numeric[],
        ${chunk.map((r) => r.source)}::text[]) as t(base, quote, date, rate, source)`.execute(tx);
  }
}

export async function getVatMode(tx: TenantTx): Promise<'gross' | 'net'> {
  const row = await tx.selectFrom('tenants').select('vat_mode').executeTakeFirstOrThrow();
  return row.vat_mode;
}

export async function setVatMode(tx: TenantTx, tenantId: string, mode: 'gross' | 'net'): Promise<void> {
  await tx.updateTable('tenants').set({ vat_mode: mode }).where('id', '=', tenantId).execute();
}

/**
 * Stores one rate for every day from `from` to `to` (inclusive) that has none yet: a fixed rate for
 * the demo and the benchmarks, never an ECB figure. Does nothing (false) on a database whose
 * migrations predate the exchange-rate table.
 */
export async function fillDailyRate(
  tx: TenantTx,
  tenantId: string,
  fill: { base: string; quote: string; from: string; to: string; rate: string; source: string },
): Promise<boolean> {
  const table = await sql<{
    name: string | null;
  }>`select to_regclass('exchange_rates')::text as name`.execute(tx);
  if (!table.rows[0]?.name) return false;
  await sql`insert into exchange_rates (tenant_id, base, quote, date, rate, source)
    select ${tenantId}::uuid, ${fill.base}, ${fill.quote}, to_char(d, 'YYYY-MM-DD'), ${fill.rate}::numeric, ${fill.source}
    from generate_series(${fill.from}::date, ${fill.to}::date, interval '1 day') as d
    on conflict do nothing`.execute(tx);
  return true;
}
