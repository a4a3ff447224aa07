import { sql } from 'kysely';
import type { TenantTx } from './with-tenant.ts';

/**
 * Every stored exchange rate into `quote` (the tenant currency): base currency → day → rate.
 * The table comes with the catalogs migration; without it there are no rates.
 */
export async function loadRatesInto(tx: TenantTx, quote: string): Promise<Map<string, Map<string, string>>> {
  const exists = await sql<{
    name: string | null;
  }>`select to_regclass('exchange_rates')::text as name`.execute(tx);
  const rates = new Map<string, Map<string, string>>();
  if (!exists.rows[0]?.name) return rates;
  const rows = await sql<{ base: string; date: string; rate: string }>`
    select base, date, rate::text as rate from exchange_rates where quote = ${quote}`.execute(tx);
  for (const row of rows.rows) {
    const base = row.base.trim();
    let days = rates.get(base);
    if (days === undefined) {
      days = new Map();
      rates.set(base, days);
    }
    days.set(row.date, row.rate);
  }
  return rates;
}
