import type { EcbRates } from '../ingest/fx/parse-ecb-csv.ts';
import { ECB_SOURCE } from '../ingest/fx/parse-ecb-csv.ts';
import { type RateChanges, type StoredRate, upsertExchangeRates } from '../store/exchange-rate-store.ts';
import type { TenantTx } from '../store/with-tenant.ts';
import { ecbReference } from './ecb-reference.ts';

/** What an ECB file import did. */
export interface EcbImportResult extends RateChanges {
  readonly days: number;
  readonly first: string;
  readonly last: string;
  readonly currencies: readonly string[];
  readonly values: number;
  /** Rates the built-in table has already, as given: not stored again. */
  readonly builtIn: number;
}

/**
 * Stores the rates of a newer ECB file for the tenant: only those the built-in table lacks or
 * has otherwise, so a whole eurofxref-hist.zip adds the months since lastplan shipped, and a
 * re-import changes nothing. Rates the tenant entered itself for the same days are replaced.
 *
 * @example
 * await importEcbRates(tx, tenantId, await readEcbFile(bytes)); // { added: 4960, corrected: 0, builtIn: 217555, ... }
 */
export async function importEcbRates(
  tx: TenantTx,
  tenantId: string,
  ecb: EcbRates,
): Promise<EcbImportResult> {
  const reference = (await ecbReference()).byCurrency;
  const rates: StoredRate[] = [];
  let builtIn = 0;
  for (const [currency, { dates, rates: values }] of ecb.byCurrency) {
    const shipped = reference.get(currency);
    const shippedRate = new Map(shipped?.dates.map((date, i) => [date, shipped.rates[i]!]));
    dates.forEach((date, i) => {
      const rate = values[i]!;
      if (shippedRate.get(date) === rate) builtIn++;
      else rates.push({ base: 'EUR', quote: currency, date, rate, source: ECB_SOURCE });
    });
  }
  const changes = await upsertExchangeRates(tx, tenantId, rates);
  return {
    days: ecb.days.length,
    first: ecb.days[0] ?? '',
    last: ecb.days.at(-1) ?? '',
    currencies: [...ecb.byCurrency.keys()].sort(),
    values: ecb.values,
    builtIn,
    ...changes,
  };
}
