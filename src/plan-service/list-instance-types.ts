import { effectiveCatalog } from '../cost/effective-prices.ts';
import { DomainError } from '../domain/errors.ts';
import { formatMoney } from '../domain/money.ts';
import { currentCatalogIds } from '../store/catalog-store.ts';
import { getCurrentTenant } from '../store/tenant-store.ts';
import type { TenantTx } from '../store/with-tenant.ts';
import { loadCatalogsById, loadExchangeRates } from './load-catalogs.ts';

export interface InstanceTypeOffer {
  readonly name: string;
  readonly vcpu: number;
  readonly memoryGib: number;
  /** Per hour in the tenant's currency and VAT view, decimal text with nine places. */
  readonly hourly: string;
  readonly notes: readonly string[];
}

export interface ProviderOffer {
  readonly provider: string;
  readonly name: string;
  readonly region: string;
  readonly catalogId: string;
  readonly types: readonly InstanceTypeOffer[];
  /** Why a provider's types could not be priced (no exchange rate, say); empty when they were. */
  readonly unpriced: readonly string[];
}

export interface InstanceTypeList {
  readonly currency: string;
  readonly vatMode: 'gross' | 'net';
  /** The day whose exchange rates converted the prices (YYYY-MM-DD). */
  readonly on: string;
  readonly providers: readonly ProviderOffer[];
}

/**
 * The instance types of every current catalog the tenant sees, priced per hour as a plan that
 * starts on `on` would price them (the tenant's currency, exchange rates and VAT view), so that
 * a person choosing a type sees the figures the plan will use.
 */
export async function listInstanceTypes(tx: TenantTx, on: string): Promise<InstanceTypeList> {
  const tenant = await getCurrentTenant(tx);
  const current = [...(await currentCatalogIds(tx))].sort(([a], [b]) => a.localeCompare(b));
  const catalogs = await loadCatalogsById(
    tx,
    current.map(([, id]) => id),
  );
  const fx = await loadExchangeRates(tx);
  const context = { currency: tenant.currency, vat: tenant.vatMode, fx, on };
  const providers = catalogs.map((catalog, index): ProviderOffer => {
    const base = {
      provider: catalog.provider,
      name: catalog.name,
      region: catalog.region,
      catalogId: current[index]?.[1] ?? '',
    };
    try {
      const priced = effectiveCatalog(catalog, context);
      const types = priced.types.map((type) => ({
        name: type.name,
        vcpu: type.vcpu,
        memoryGib: type.memoryGib,
        hourly: formatMoney(type.hourly, 9),
        notes: type.notes,
      }));
      return { ...base, types, unpriced: [] };
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      return { ...base, types: [], unpriced: [error.message] };
    }
  });
  return { currency: tenant.currency, vatMode: tenant.vatMode, on, providers };
}
