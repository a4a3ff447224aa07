import { sql } from 'kysely';
import type { FxRateEntry } from '../cost/price-catalog.ts';
import { BUILTIN_TENANT } from './catalog-store.ts';
import type { TenantTx } from './with-tenant.ts';

/**
 * Every stored exchange rate the tenant sees, in both directions: its own (entered or imported)
 * and the shared ones of the built-in catalog. The table comes with the catalogs migration;
 * without it there are none.
 */
export async function loadRateLayers(tx: TenantTx): Promise<{ own: FxRateEntry[]; shared: FxRateEntry[] }> {
  const exists = await sql<{
    name: string | null;
  }>`select to_regclass('exchange_rates')::text as name`.execute(tx);
  const own: FxRateEntry[] = [];
  const shared: FxRateEntry[] = [];
  if (!exists.rows[0]?.name) return { own, shared };
  const rows = await sql<{
    tenant_id: string;
    base: string;
    quote: string;
    date: string;
    rate: string;
    source: string;
  }>`
    select tenant_id, base, quote, date, rate::text as rate, source from exchange_rates`.execute(tx);
  for (const row of rows.rows) {
    const entry = {
      base: row.base.trim(),
      quote: row.quote.trim(),
      date: row.date,
      rate: row.rate,
      source: row.source,
    };
    (row.tenant_id === BUILTIN_TENANT ? shared : own).push(entry);
  }
  return { own, shared };
}
