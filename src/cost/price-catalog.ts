/**
 * Price catalogs: what one provider in one region charges, with every figure's source, validity
 * date, currency and VAT basis kept next to it. Prices stay in the currency and on the VAT basis the
 * source states; conversion to EUR and to the tenant's net/gross view happens later
 * (`effective-prices.ts`), so the catalog shown to a person is the catalog as published.
 *
 * A price that the source does not give is absent (`undefined`), never estimated; the catalog's
 * `missing` list says in words what is absent so plans can say what they could not price.
 */
import type { Money } from '../domain/money.ts';
import { readBundle } from './catalog-reader.ts';

/** How a price treats German VAT: `unknown` when the source does not say. */
export type VatBasis = 'net' | 'gross' | 'unknown';

/** Quantity unit a storage or traffic price refers to: decimal GB (10^9 bytes) or binary GiB. */
export type SizeUnit = 'GB' | 'GiB';

/** One published figure, as the source gives it. */
export interface CatalogPrice {
  readonly amount: Money;
  readonly basis: VatBasis;
  /** The source's own wording of the basis, e.g. "GROSS incl. 19% VAT and incl. primary IPv4". */
  readonly basisText: string;
  /** The source's unit text, e.g. "EUR/month (=hourly x 720, STACKIT convention)". */
  readonly unit: string;
  /** Keys into the bundle's `sources`. */
  readonly sources: readonly string[];
  /** Validity as stated ("2026-05 (price list v1.0.38)", "undated (fallback table)"). */
  readonly validOn: string;
  /** First calendar date found in `validOn` (YYYY-MM-DD; a month alone means its first day). */
  readonly validFrom: string | undefined;
  /** Absent means the catalog marks no doubt; `medium`/`low` as the catalog marks them. */
  readonly confidence: 'medium' | 'low' | undefined;
  readonly note: string | undefined;
}

export type CommitmentTerm = '1y' | '3y';

/** A commitment price for one instance type (reserved instance, committed-use discount). */
export interface Commitment {
  readonly term: CommitmentTerm;
  readonly price: CatalogPrice;
  /** Whether `price` is per hour or per month of `hoursPerMonth` hours. */
  readonly per: 'hour' | 'month';
  readonly hoursPerMonth: number;
  /** Set when the figure comes from another region and stands in for this one. */
  readonly proxyRegion: string | undefined;
}

export interface InstanceType {
  readonly name: string;
  readonly vcpu: number;
  readonly memoryGib: number;
  readonly cpu: string | undefined;
  readonly arch: string | undefined;
  /** Pay-as-you-go price per hour, when the source gives one. */
  readonly hourly: CatalogPrice | undefined;
  /** Price per month, when the source gives one; used for costing only if `hourly` is absent. */
  readonly monthly: CatalogPrice | undefined;
  /** Hours the monthly price stands for (730 by convention, 720 at STACKIT). */
  readonly hoursPerMonth: number;
  /** Hourly billing stops at this amount per calendar month (Hetzner). */
  readonly monthlyCap: CatalogPrice | undefined;
  readonly commitments: readonly Commitment[];
}

/** A storage class (block or object) priced per size unit and month, optionally with a base fee. */
export interface StoragePrice {
  readonly name: string;
  readonly perUnitMonth: CatalogPrice | undefined;
  readonly sizeUnit: SizeUnit;
  readonly hoursPerMonth: number;
  /** A flat monthly fee that includes `includedUnits` of storage (Hetzner Object Storage). */
  readonly baseMonthly: CatalogPrice | undefined;
  readonly includedUnits: number;
}

/** One band of a tiered traffic price; `toUnits` undefined means open-ended. */
export interface EgressTier {
  readonly fromUnits: number;
  readonly toUnits: number | undefined;
  readonly price: CatalogPrice;
}

/** Internet egress: tiers per calendar month after the free allowances. */
export interface EgressPrice {
  readonly sizeUnit: SizeUnit;
  readonly tiers: readonly EgressTier[];
  /** Free traffic per account and month. */
  readonly freeUnitsPerMonth: number;
  /** Free traffic per running instance and month, pro rata to the hours it runs (Hetzner). */
  readonly freeUnitsPerInstanceMonth: number;
}

export interface PriceCatalog {
  /** Provider id, e.g. `hetzner`; tenants' own catalogs choose their own. */
  readonly provider: string;
  readonly name: string;
  readonly region: string;
  /** Version of the catalog this came from (the bundle's `generated` date or a tenant label). */
  readonly version: string;
  /** Every source key used by a price in this catalog, sorted. */
  readonly sourceKeys: readonly string[];
  readonly instanceTypes: readonly InstanceType[];
  readonly blockStorage: readonly StoragePrice[];
  readonly objectStorage: readonly StoragePrice[];
  readonly egress: EgressPrice | undefined;
  /** What the source does not give, in words ("block storage: no price in the catalog"). */
  readonly missing: readonly string[];
  readonly caveats: readonly string[];
}

export interface SourceRef {
  readonly key: string;
  /** Repository, URL or file id, as recorded. */
  readonly location: string;
  readonly kind: string;
  readonly note: string | undefined;
}

/** An exchange rate as recorded: 1 `base` = `rate` `quote`, on `date`. */
export interface FxRateEntry {
  readonly base: string;
  readonly quote: string;
  /** Decimal string, kept textual so it never rounds. */
  readonly rate: string;
  readonly date: string;
  readonly source: string;
}

/** A parsed catalog file: several providers sharing one source register and FX table. */
export interface CatalogBundle {
  readonly schemaVersion: string;
  readonly generated: string;
  readonly sources: Readonly<Record<string, SourceRef>>;
  readonly fxRates: readonly FxRateEntry[];
  readonly catalogs: readonly PriceCatalog[];
}

/**
 * Validates and reads a catalog file in the shape of `fixtures/pricing/catalog.json` (also the
 * JSON import format for tenants' own catalogs). Collects every problem before throwing one
 * `DomainError('validation', …)` whose `errors` carry JSON pointers. `null` prices stay absent and
 * are listed in each catalog's `missing`.
 *
 * @example
 * const bundle = parseCatalog(JSON.parse(readFileSync('fixtures/pricing/catalog.json', 'utf8')));
 * bundle.catalogs.find((c) => c.provider === 'hetzner')?.instanceTypes[0]?.name; // "CX23"
 */
export function parseCatalog(json: unknown): CatalogBundle {
  return readBundle(json);
}

/**
 * Finds an instance type by name in one catalog.
 *
 * @example
 * findInstanceType(hetzner, 'CX33')?.vcpu; // 4
 */
export function findInstanceType(catalog: PriceCatalog, name: string): InstanceType | undefined {
  return catalog.instanceTypes.find((type) => type.name === name);
}
