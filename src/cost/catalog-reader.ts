/**
 * Reads the catalog JSON format (the shape of `fixtures/pricing/catalog.json`). Figures that a
 * source derived itself (`price_hourly_eur`, `price_hourly_derived`, `cross_check`, discount
 * ratios) are not read: conversions and derivations happen in one place, with our dated tables.
 */
import { DomainError } from '../domain/errors.ts';
import { readCommitments, readProxyCommitments } from './catalog-commitments.ts';
import {
  hoursPerMonthFromUnit,
  isRecord,
  Problems,
  readPositive,
  readPrice,
  readString,
  seg,
  validFromText,
} from './catalog-fields.ts';
import { readEgress, readStorage } from './catalog-storage.ts';
import type { CatalogBundle, FxRateEntry, InstanceType, PriceCatalog, SourceRef } from './price-catalog.ts';

/**
 * @example
 * readBundle(JSON.parse(text)).catalogs.length; // 7 for the shared fixture
 */
export function readBundle(json: unknown): CatalogBundle {
  if (!isRecord(json)) {
    throw new DomainError('validation', 'a catalog must be a JSON object', [
      { pointer: '', detail: 'expected an object with providers, sources and fx_rates' },
    ]);
  }
  const sources = readSourceRegister(json.sources);
  const problems = new Problems(new Set(Object.keys(sources.refs)));
  problems.list.push(...sources.problems);
  const generated = readString(json, 'generated', '', problems, true) ?? '';
  if (generated !== '' && validFromText(generated) === undefined) {
    problems.add('/generated', 'generated must be a date (YYYY-MM-DD)');
  }
  const fxRates = readFxRates(json.fx_rates, problems);
  const catalogs: PriceCatalog[] = [];
  if (!Array.isArray(json.providers) || json.providers.length === 0) {
    problems.add('/providers', 'providers must be a non-empty array');
  } else {
    const ids = new Set<string>();
    json.providers.forEach((raw, index) => {
      const catalog = readProvider(raw, `/providers/${index}`, problems, generated);
      if (!catalog) return;
      if (ids.has(catalog.provider))
        problems.add(`/providers/${index}/id`, `duplicate provider id "${catalog.provider}"`);
      ids.add(catalog.provider);
      catalogs.push(catalog);
    });
  }
  if (problems.list.length > 0) {
    const count = problems.list.length;
    throw new DomainError(
      'validation',
      `catalog has ${count} problem${count === 1 ? '' : 's'}`,
      problems.list,
    );
  }
  return {
    schemaVersion: typeof json.schema_version === 'string' ? json.schema_version : '1.0',
    generated,
    sources: sources.refs,
    fxRates,
    catalogs,
  };
}

function readSourceRegister(raw: unknown): { refs: Record<string, SourceRef>; problems: Problems['list'] } {
  const problems = new Problems(undefined);
  const refs: Record<string, SourceRef> = {};
  if (!isRecord(raw)) {
    problems.add(
      '/sources',
      'sources must be an object from source key to {repo|url|urls|public_file_id|reference, kind}',
    );
    return { refs, problems: problems.list };
  }
  for (const [key, value] of Object.entries(raw)) {
    const pointer = `/sources${seg(key)}`;
    if (!isRecord(value)) {
      problems.add(pointer, 'a source must be an object');
      continue;
    }
    const location = [value.repo, value.path, value.commit, value.url, value.public_file_id, value.reference]
      .concat(Array.isArray(value.urls) ? value.urls : [], Array.isArray(value.paths) ? value.paths : [])
      .filter((part): part is string => typeof part === 'string' && part !== '')
      .join(' ');
    if (location === '') problems.add(pointer, 'a source needs repo, url, urls, public_file_id or reference');
    const kind = readString(value, 'kind', pointer, problems, true) ?? '';
    refs[key] = { key, location, kind, note: typeof value.note === 'string' ? value.note : undefined };
  }
  return { refs, problems: problems.list };
}

function readFxRates(raw: unknown, problems: Problems): FxRateEntry[] {
  if (raw === undefined) return [];
  if (!Array.isArray(raw)) {
    problems.add('/fx_rates', 'fx_rates must be an array of {base, quote, rate, date, source}');
    return [];
  }
  const rates: FxRateEntry[] = [];
  raw.forEach((entry, index) => {
    const pointer = `/fx_rates/${index}`;
    if (!isRecord(entry)) {
      problems.add(pointer, 'an exchange rate must be an object');
      return;
    }
    const base = readString(entry, 'base', pointer, problems, true);
    const quote = readString(entry, 'quote', pointer, problems, true);
    const rate = readPositive(entry, 'rate', pointer, problems);
    const date = readString(entry, 'date', pointer, problems, true);
    if (date !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(date))
      problems.add(`${pointer}/date`, 'date must be YYYY-MM-DD');
    const source = readString(entry, 'source', pointer, problems, true);
    if (base && quote && rate && date && source) {
      // String(number) gives the shortest text that round-trips, i.e. the digits in the file.
      rates.push({ base, quote, rate: String(rate), date, source });
    }
  });
  return rates;
}

function readProvider(
  raw: unknown,
  pointer: string,
  problems: Problems,
  version: string,
): PriceCatalog | undefined {
  if (!isRecord(raw)) {
    problems.add(pointer, 'a provider must be an object');
    return undefined;
  }
  const provider = readString(raw, 'id', pointer, problems, true);
  if (provider !== undefined && !/^[a-z0-9][a-z0-9_-]*$/.test(provider)) {
    problems.add(`${pointer}/id`, 'id must be lower-case letters, digits, "-" or "_"');
  }
  const region = readString(raw, 'region', pointer, problems, true);
  const missing: string[] = [];
  const caveats = Array.isArray(raw.caveats)
    ? raw.caveats.filter((c): c is string => typeof c === 'string')
    : [];
  const instanceTypes = readProxyCommitments(
    raw,
    pointer,
    problems,
    readCompute(raw.compute, `${pointer}/compute`, problems, missing),
    caveats,
  );
  if (typeof raw.commitment_discounts === 'string') caveats.push(`commitments: ${raw.commitment_discounts}`);
  if (Array.isArray(raw.commitment_discounts)) {
    for (const item of raw.commitment_discounts) {
      if (isRecord(item)) {
        caveats.push(
          `commitment not priced per type: ${[item.term, item.discount].filter(Boolean).join(', ')}`,
        );
      }
    }
  }
  if (!instanceTypes.some((type) => type.commitments.length > 0)) missing.push('commitment prices (1y/3y)');
  const blockStorage = readStorage(raw.block_storage, `${pointer}/block_storage`, problems);
  if (blockStorage.length === 0) missing.push('block storage price');
  const objectStorage = readStorage(raw.object_storage, `${pointer}/object_storage`, problems);
  if (objectStorage.length === 0) missing.push('object storage price');
  for (const store of objectStorage) {
    if (!store.perUnitMonth) missing.push(`object storage "${store.name}": no price beyond the base fee`);
  }
  const egress = readEgress(raw.egress, `${pointer}/egress`, problems);
  if (!egress) missing.push('egress price');
  const lastTier = egress?.tiers.at(-1);
  if (egress && lastTier?.toUnits !== undefined) {
    missing.push(`egress beyond ${lastTier.toUnits} ${egress.sizeUnit} per month`);
  }
  if (provider === undefined || region === undefined) return undefined;
  const sourceKeys = new Set<string>();
  const collect = (price: { sources: readonly string[] } | undefined) => {
    for (const key of price?.sources ?? []) sourceKeys.add(key);
  };
  for (const type of instanceTypes) {
    for (const price of [type.hourly, type.monthly, type.monthlyCap]) collect(price);
    for (const commitment of type.commitments) collect(commitment.price);
  }
  for (const store of [...blockStorage, ...objectStorage]) {
    collect(store.perUnitMonth);
    collect(store.baseMonthly);
  }
  for (const tier of egress?.tiers ?? []) collect(tier.price);
  return {
    provider,
    name: typeof raw.name === 'string' ? raw.name : provider,
    region,
    version,
    sourceKeys: [...sourceKeys].sort(),
    instanceTypes,
    blockStorage,
    objectStorage,
    egress,
    missing,
    caveats,
  };
}

function readCompute(raw: unknown, pointer: string, problems: Problems, missing: string[]): InstanceType[] {
  if (raw === undefined || raw === null) {
    missing.push('instance types');
    return [];
  }
  if (!Array.isArray(raw)) {
    problems.add(pointer, 'compute must be an array of instance types');
    return [];
  }
  if (raw.length === 0) missing.push('instance types');
  const types: InstanceType[] = [];
  const names = new Set<string>();
  raw.forEach((entry, index) => {
    const at = `${pointer}/${index}`;
    if (!isRecord(entry)) {
      problems.add(at, 'an instance type must be an object');
      return;
    }
    const name = readString(entry, 'type', at, problems, true);
    if (name !== undefined && names.has(name))
      problems.add(`${at}/type`, `duplicate instance type "${name}"`);
    if (name !== undefined) names.add(name);
    const vcpu = readPositive(entry, 'vcpu', at, problems);
    const memoryGib = readPositive(entry, 'memory_gib', at, problems);
    const hourly = readPrice(entry.price_hourly, `${at}/price_hourly`, problems);
    const monthly = readPrice(entry.price_monthly, `${at}/price_monthly`, problems);
    const monthlyCap = readPrice(entry.price_monthly_cap, `${at}/price_monthly_cap`, problems);
    const commitments = readCommitments(entry, at, problems);
    if (name === undefined || vcpu === undefined || memoryGib === undefined) return;
    if (!hourly && !monthly) missing.push(`instance type "${name}": no hourly or monthly price`);
    types.push({
      name,
      vcpu,
      memoryGib,
      cpu: typeof entry.cpu === 'string' ? entry.cpu : undefined,
      arch: typeof entry.arch === 'string' ? entry.arch : undefined,
      hourly,
      monthly,
      hoursPerMonth: monthly ? hoursPerMonthFromUnit(monthly.unit) : 730,
      monthlyCap,
      commitments,
    });
  });
  return types;
}
