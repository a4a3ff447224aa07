/**
 * A catalog turned into the figures a plan needs: EUR, on the tenant's VAT basis, per hour or per
 * GiB. Every derived figure says how it was derived (`notes`), and whatever cannot be priced is
 * listed in `unpriced` instead of being filled in.
 */
import { divRound, type Money, NANOS_PER_UNIT, parseDecimal } from '../domain/money.ts';
import { type ExchangeRateTable, findRate, toCurrency } from './exchange-rates.ts';
import type { CatalogPrice, CommitmentTerm, PriceCatalog, SizeUnit } from './price-catalog.ts';
import { GERMAN_VAT_RATE, toVatBasis, type VatDisplay } from './vat.ts';

/** How to turn catalog prices into plan prices. */
export interface PricingContext {
  /** Target currency; plans are in EUR. */
  readonly currency: string;
  readonly vat: VatDisplay;
  /** VAT rate as a decimal string; default 19 %. */
  readonly vatRate?: string;
  readonly fx: ExchangeRateTable;
  /** Date (YYYY-MM-DD) whose exchange rate is used, normally the plan's first day. */
  readonly on: string;
  /** Multiplies every price (what-if "prices change by x %"); default "1". */
  readonly priceFactor?: string;
}

export interface EffectiveCommitment {
  readonly term: CommitmentTerm;
  readonly hourly: Money;
  readonly proxyRegion: string | undefined;
}

export interface EffectiveType {
  readonly provider: string;
  readonly name: string;
  readonly vcpu: number;
  readonly memoryGib: number;
  readonly hourly: Money;
  /** Monthly cap on the same basis as `hourly`, if the provider bills hourly up to a cap. */
  readonly monthlyCap: Money | undefined;
  readonly commitments: readonly EffectiveCommitment[];
  readonly notes: readonly string[];
}

/** Storage per unit-month in the catalog's size unit; a GiB quantity is converted first. */
export interface EffectiveStorage {
  readonly provider: string;
  readonly name: string;
  readonly perUnitMonth: Money | undefined;
  readonly sizeUnit: SizeUnit;
  readonly hoursPerMonth: number;
  readonly baseMonthly: Money | undefined;
  readonly includedUnits: number;
}

export interface EffectiveEgressTier {
  readonly fromUnits: number;
  readonly toUnits: number | undefined;
  readonly perUnit: Money;
}

export interface EffectiveEgress {
  readonly sizeUnit: SizeUnit;
  readonly tiers: readonly EffectiveEgressTier[];
  readonly freeUnitsPerMonth: number;
  readonly freeUnitsPerInstanceMonth: number;
}

export interface EffectiveCatalog {
  readonly provider: string;
  readonly region: string;
  readonly version: string;
  readonly types: readonly EffectiveType[];
  readonly blockStorage: readonly EffectiveStorage[];
  readonly objectStorage: readonly EffectiveStorage[];
  readonly egress: EffectiveEgress | undefined;
  readonly unpriced: readonly string[];
  /** The exchange rate used, if any price needed one. */
  readonly fxRate: string | undefined;
}

/** GiB in GB (2^30 / 10^9). */
export const GB_PER_GIB = 1.073741824;

/**
 * Converts one catalog price into the context's currency and VAT basis, scaled by the factor.
 *
 * @example
 * effectivePrice(cx23.hourly!, { currency: 'EUR', vat: 'net', fx: [], on: '2026-12-01' }); // 0.009579832 EUR
 */
export function effectivePrice(price: CatalogPrice, context: PricingContext): Money {
  const converted = toCurrency(price.amount, context.currency, context.fx, context.on);
  const vat = toVatBasis(converted, price.basis, context.vat, context.vatRate ?? GERMAN_VAT_RATE);
  const factor = parseDecimal(context.priceFactor ?? '1');
  return factor === NANOS_PER_UNIT
    ? vat
    : { nanos: divRound(vat.nanos * factor, NANOS_PER_UNIT), currency: vat.currency };
}

function perHour(monthly: Money, hours: number): Money {
  return { nanos: divRound(monthly.nanos, BigInt(hours)), currency: monthly.currency };
}

/**
 * Prices a catalog for planning. Hourly prices come from `hourly`; where a source gives only a
 * monthly price, hourly = monthly ÷ the hours it stands for (noted on the type). GCP's monthly
 * figures include sustained-use discounts, which are not applied: hourly on-demand is used.
 *
 * @example
 * const priced = effectiveCatalog(hetzner, { currency: 'EUR', vat: 'gross', fx, on: '2027-01-01' });
 * priced.types[0]?.hourly; // 0.0114 EUR (Hetzner's hourly price is already gross)
 */
export function effectiveCatalog(catalog: PriceCatalog, context: PricingContext): EffectiveCatalog {
  const unpriced = [...catalog.missing.map((what) => `${catalog.provider}: ${what}`)];
  const types: EffectiveType[] = [];
  let fxFrom: string | undefined;
  const price = (p: CatalogPrice): Money => {
    if (p.amount.currency !== context.currency) fxFrom = p.amount.currency;
    return effectivePrice(p, context);
  };
  for (const type of catalog.instanceTypes) {
    const notes: string[] = [];
    let hourly: Money | undefined;
    if (type.hourly) hourly = price(type.hourly);
    else if (type.monthly) {
      hourly = perHour(price(type.monthly), type.hoursPerMonth);
      notes.push(`hourly price derived from the monthly price ÷ ${type.hoursPerMonth} h`);
    }
    if (!hourly) continue;
    if (type.monthlyCap) notes.push('billed hourly up to a monthly cap');
    if (type.hourly?.basisText.includes('IPv4') || type.monthlyCap?.basisText.includes('IPv4')) {
      notes.push(
        `hourly basis: ${type.hourly?.basisText ?? '-'}; cap basis: ${type.monthlyCap?.basisText ?? '-'}`,
      );
    }
    const commitments = type.commitments.map((c) => ({
      term: c.term,
      hourly: c.per === 'hour' ? price(c.price) : perHour(price(c.price), c.hoursPerMonth),
      proxyRegion: c.proxyRegion,
    }));
    types.push({
      provider: catalog.provider,
      name: type.name,
      vcpu: type.vcpu,
      memoryGib: type.memoryGib,
      hourly,
      monthlyCap: type.monthlyCap ? price(type.monthlyCap) : undefined,
      commitments,
      notes,
    });
  }
  const storage = (list: PriceCatalog['blockStorage']): EffectiveStorage[] =>
    list.map((s) => ({
      provider: catalog.provider,
      name: s.name,
      perUnitMonth: s.perUnitMonth ? price(s.perUnitMonth) : undefined,
      sizeUnit: s.sizeUnit,
      hoursPerMonth: s.hoursPerMonth,
      baseMonthly: s.baseMonthly ? price(s.baseMonthly) : undefined,
      includedUnits: s.includedUnits,
    }));
  const egress = catalog.egress && {
    sizeUnit: catalog.egress.sizeUnit,
    tiers: catalog.egress.tiers.map((t) => ({
      fromUnits: t.fromUnits,
      toUnits: t.toUnits,
      perUnit: price(t.price),
    })),
    freeUnitsPerMonth: catalog.egress.freeUnitsPerMonth,
    freeUnitsPerInstanceMonth: catalog.egress.freeUnitsPerInstanceMonth,
  };
  const blockStorage = storage(catalog.blockStorage);
  const objectStorage = storage(catalog.objectStorage);
  const rate = fxFrom ? findRate(context.fx, fxFrom, context.currency, context.on) : undefined;
  return {
    provider: catalog.provider,
    region: catalog.region,
    version: catalog.version,
    types,
    blockStorage,
    objectStorage,
    egress,
    unpriced,
    fxRate: rate ? `1 ${rate.base} = ${rate.rate} ${rate.quote} (${rate.date}, ${rate.source})` : undefined,
  };
}
