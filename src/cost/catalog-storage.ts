/**
 * Storage and egress blocks of the catalog JSON. Providers publish these in different shapes: one
 * `price`, several named classes, a base fee with included volume, or tiers keyed like "1-10TiB".
 * Allowances only come from explicit fields or from the source's own words in `unit`/`note`
 * ("first 10 TB", "20 TB included per server"); nothing is assumed beyond them.
 */
import {
  hoursPerMonthFromUnit,
  isRecord,
  type Problems,
  readPrice,
  seg,
  sizeUnitFromText,
  teraToUnits,
} from './catalog-fields.ts';
import type { CatalogPrice, EgressPrice, EgressTier, StoragePrice } from './price-catalog.ts';

const TIER_RANGE = /^(\d+(?:\.\d+)?)-(\d+(?:\.\d+)?)(TB|TiB)$/;
const TIER_OPEN = /^(\d+(?:\.\d+)?)(TB|TiB)\+$/;

/** "10 TB" is 10,000 units and "1 TiB" 1,024, whatever unit the price is per: the source's words win. */
function amountInUnits(amount: number, unitText: string): number {
  return unitText === 'TB' || unitText === 'TiB' ? teraToUnits(amount, unitText) : amount;
}

function storageClass(
  name: string,
  raw: Record<string, unknown>,
  pointer: string,
  problems: Problems,
): StoragePrice {
  const perUnitMonth = readPrice(raw.price, `${pointer}/price`, problems);
  const baseMonthly = readPrice(raw.base_price, `${pointer}/base_price`, problems);
  const unit = perUnitMonth?.unit ?? baseMonthly?.unit ?? '';
  const sizeUnit = sizeUnitFromText(unit);
  let includedUnits = 0;
  if (typeof raw.included_units === 'number' && raw.included_units >= 0) includedUnits = raw.included_units;
  else if (baseMonthly) {
    const stated = /incl\.?\s*(\d+(?:\.\d+)?)\s*(TB|TiB|GB|GiB)\s+storage/i.exec(baseMonthly.unit);
    if (stated) includedUnits = amountInUnits(Number(stated[1]), stated[2] ?? 'GB');
    else
      problems.add(
        `${pointer}/base_price/unit`,
        'a base fee must state its included storage or give included_units',
      );
  }
  return {
    name,
    perUnitMonth,
    sizeUnit,
    hoursPerMonth: hoursPerMonthFromUnit(unit),
    baseMonthly,
    includedUnits,
  };
}

/**
 * Reads a block or object storage block into its priced classes (first = default class).
 *
 * @example
 * readStorage({ pd_balanced: { value: 0.12, unit: 'USD/GiB-month', … } }, '/p', problems)[0]?.name; // "pd_balanced"
 */
export function readStorage(raw: unknown, pointer: string, problems: Problems): StoragePrice[] {
  if (raw === undefined || raw === null) return [];
  if (!isRecord(raw)) {
    problems.add(pointer, 'storage must be an object (one price, or named classes)');
    return [];
  }
  if ('price' in raw || 'base_price' in raw) {
    const store = storageClass(
      typeof raw.product === 'string' ? raw.product : 'default',
      raw,
      pointer,
      problems,
    );
    return store.perUnitMonth || store.baseMonthly ? [store] : [];
  }
  const classes: StoragePrice[] = [];
  for (const [name, value] of Object.entries(raw)) {
    if (!isRecord(value) || !('value' in value)) continue;
    const store = storageClass(name, { price: value }, pointer + seg(name), problems);
    if (store.perUnitMonth) classes.push(store);
  }
  return classes;
}

function freeFromNote(price: CatalogPrice | undefined): number {
  const stated = /(\d+(?:\.\d+)?)\s*(TB|TiB)\s+included per server/i.exec(price?.note ?? '');
  return stated ? amountInUnits(Number(stated[1]), stated[2] ?? 'TB') : 0;
}

/**
 * Reads the egress block: a single price (optionally "first N TB") or a tier family.
 *
 * @example
 * readEgress({ price: { value: 0.09, unit: 'USD/GB, first 10 TB/month to internet', … } }, '/p', problems)?.tiers[0]?.toUnits; // 10000
 */
export function readEgress(raw: unknown, pointer: string, problems: Problems): EgressPrice | undefined {
  if (raw === undefined || raw === null) return undefined;
  if (!isRecord(raw)) {
    problems.add(pointer, 'egress must be an object');
    return undefined;
  }
  const explicitMonth = typeof raw.free_units_per_month === 'number' ? raw.free_units_per_month : 0;
  const explicitInstance =
    typeof raw.free_units_per_instance_month === 'number' ? raw.free_units_per_instance_month : undefined;
  if ('price' in raw) {
    const price = readPrice(raw.price, `${pointer}/price`, problems);
    if (!price) return undefined;
    const sizeUnit = sizeUnitFromText(price.unit);
    const first = /first\s+(\d+(?:\.\d+)?)\s*(TB|TiB)/i.exec(price.unit);
    const toUnits = first ? amountInUnits(Number(first[1]), first[2] ?? 'TB') : undefined;
    return {
      sizeUnit,
      tiers: [{ fromUnits: 0, toUnits, price }],
      freeUnitsPerMonth: explicitMonth,
      freeUnitsPerInstanceMonth: explicitInstance ?? freeFromNote(price),
    };
  }
  for (const [family, value] of Object.entries(raw)) {
    if (!isRecord(value)) continue;
    const tierKeys = Object.keys(value).filter((key) => TIER_RANGE.test(key) || TIER_OPEN.test(key));
    if (tierKeys.length === 0) continue;
    const at = pointer + seg(family);
    const unit = typeof value.unit === 'string' ? value.unit : '';
    const sizeUnit = sizeUnitFromText(unit);
    const tiers: EgressTier[] = [];
    for (const key of tierKeys) {
      const range = TIER_RANGE.exec(key);
      const open = TIER_OPEN.exec(key);
      const tera = (range?.[3] ?? open?.[2] ?? 'TB') as 'TB' | 'TiB';
      const fromUnits = teraToUnits(Number(range?.[1] ?? open?.[1]), tera);
      const toUnits = range ? teraToUnits(Number(range[2]), tera) : undefined;
      const price = readPrice({ ...value, value: value[key] }, at + seg(key), problems);
      if (price) tiers.push({ fromUnits, toUnits, price });
    }
    tiers.sort((a, b) => a.fromUnits - b.fromUnits);
    tiers.forEach((tier, index) => {
      const expected = index === 0 ? 0 : tiers[index - 1]?.toUnits;
      if (tier.fromUnits !== expected)
        problems.add(at, `egress tiers must be contiguous from 0, gap at ${tier.fromUnits}`);
    });
    return {
      sizeUnit,
      tiers,
      freeUnitsPerMonth: explicitMonth,
      freeUnitsPerInstanceMonth: explicitInstance ?? 0,
    };
  }
  problems.add(pointer, 'egress needs a price or a tier family keyed like "0-1TiB", "10TiB+"');
  return undefined;
}
