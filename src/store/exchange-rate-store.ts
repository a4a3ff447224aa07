import { sql } from 'kysely';
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
  if (rates.length === 0) return;
  await sql`
    insert into exchange_rates (tenant_id, base, quote, date, rate, source)
    select ${tenantId}::uuid, t.base, t.quote, t.date, t.rate, t.source
    from unnest(${rates.map((r) => r.base)}::text[], ${rates.map((r) => r.quote)}::text[],
      ${rates.map((r) => r.date)}::text[], ${rates.map((r) => r.rate)}::numeric[],
      ${rates.map((r) => r.source)}::text[]) as t(base, quote, date, rate, source)`.execute(tx);
}

export async function getVatMode(tx: TenantTx): Promise<'gross' | 'net'> {
  const row = await tx.selectFrom('tenants').select('vat_mode').executeTakeFirstOrThrow();
  return row.vat_mode;
}

export async function setVatMode(tx: TenantTx, tenantId: string, mode: 'gross' | 'net'): Promise<void> {
  await tx.updateTable('tenants').set({ vat_mode: mode }).where('id', '=', tenantId).execute();
}
