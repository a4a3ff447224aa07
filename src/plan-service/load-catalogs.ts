import { type ExchangeRateTable, exchangeRateTable } from '../cost/exchange-rates.ts';
import type { PriceCatalog } from '../cost/price-catalog.ts';
import { DomainError, type FieldError } from '../domain/errors.ts';
import { currentCatalogIds, getCatalogs } from '../store/catalog-store.ts';
import { listExchangeRates } from '../store/exchange-rate-store.ts';
import type { TenantTx } from '../store/with-tenant.ts';
import { readCatalogDocument } from './catalog-documents.ts';

/** Reads stored catalogs by id, in order. */
export async function loadCatalogsById(tx: TenantTx, ids: readonly string[]): Promise<PriceCatalog[]> {
  const rows = await getCatalogs(tx, ids);
  return rows.map((row) =>
    readCatalogDocument({
      format: row.format,
      document: row.document,
      provider: row.provider,
      sha256: row.sha256,
    }),
  );
}

/**
 * The current catalog of each chosen provider (all the tenant sees when none are chosen); an
 * unknown provider is a validation error at `pointer/index`.
 */
export async function loadCurrentCatalogs(
  tx: TenantTx,
  providers: readonly string[] | undefined,
  pointer: string,
): Promise<{ ids: string[]; catalogs: PriceCatalog[] }> {
  const current = await currentCatalogIds(tx);
  const errors: FieldError[] = [];
  const chosen = providers ?? [...current.keys()].sort();
  const ids: string[] = [];
  chosen.forEach((provider, index) => {
    const id = current.get(provider);
    if (id) ids.push(id);
    else
      errors.push({
        pointer: `${pointer}/${index}`,
        detail: `no catalog for provider "${provider}"; known: ${[...current.keys()].sort().join(', ')}`,
      });
  });
  if (errors.length > 0) throw new DomainError('validation', 'unknown provider', errors);
  return { ids, catalogs: await loadCatalogsById(tx, ids) };
}

/** The tenant's exchange-rate table (its own or the built-in one), validated. */
export async function loadExchangeRates(tx: TenantTx): Promise<ExchangeRateTable> {
  const { rates } = await listExchangeRates(tx);
  return exchangeRateTable(rates);
}
