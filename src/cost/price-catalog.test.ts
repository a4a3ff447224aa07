import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DomainError } from '../domain/errors.ts';
import { findInstanceType, parseCatalog } from './price-catalog.ts';
import { catalogPath, loadFixtureCatalog } from './test-catalog.ts';

type Json = Record<string | number, unknown>;
const raw = (): Json => JSON.parse(readFileSync(catalogPath, 'utf8'));

/** Returns a copy-and-set mutation of the catalog JSON at `path` (undefined deletes). */
function edit(path: readonly (string | number)[], value: unknown) {
  return (json: Json): Json => {
    let node = json;
    for (const key of path.slice(0, -1)) node = node[key] as Json;
    const last = path.at(-1)!;
    if (value === undefined) delete node[last];
    else node[last] = value;
    return json;
  };
}

function problemsOf(json: unknown) {
  try {
    parseCatalog(json);
  } catch (error) {
    if (error instanceof DomainError) return error.errors;
    throw error;
  }
  throw new Error('expected a validation error');
}

describe('parseCatalog on the shared fixture', () => {
  const bundle = loadFixtureCatalog();
  const byId = (id: string) => bundle.catalogs.find((c) => c.provider === id)!;

  it('reads every provider and the counts of instance types', () => {
    expect(bundle.catalogs.map((c) => [c.provider, c.instanceTypes.length])).toEqual([
      ['hetzner', 13],
      ['ionos', 10],
      ['stackit', 10],
      ['otc', 0],
      ['aws', 13],
      ['azure', 3],
      ['gcp', 14],
    ]);
    expect(bundle.generated).toBe('2026-11-23');
    expect(bundle.fxRates.map((r) => [r.rate, r.date])).toEqual([
      ['1.1567', '2026-08-14'],
      ['1.1133', '2026-10-28'],
    ]);
  });

  it.each([
    ['hetzner', 'CX23', 'hourly', 11_400_000n, 'EUR', 'gross'],
    ['hetzner', 'CX23', 'monthlyCap', 5_490_000_000n, 'EUR', 'net'],
    ['stackit', 'g1a.32d', 'hourly', 1_573_194_440n, 'EUR', 'net'],
    ['ionos', 'vCPU 2C-4G', 'hourly', 44_000_000n, 'EUR', 'unknown'],
    ['aws', 'm6a.large', 'hourly', 103_500_000n, 'USD', 'net'],
    ['azure', 'Standard_D2a_v4', 'monthly', 66_800_000_000n, 'EUR', 'net'],
    ['gcp', 'n2-standard-2', 'monthly', 73_090_684_104n, 'USD', 'net'],
  ] as const)('%s %s %s is exact', (provider, type, field, nanos, currency, basis) => {
    const price = findInstanceType(byId(provider), type)?.[field];
    expect(price?.amount).toEqual({ nanos, currency });
    expect(price?.basis).toBe(basis);
  });

  it('keeps the source, validity and hours convention', () => {
    const g1a = findInstanceType(byId('stackit'), 'g1a.1d')!;
    expect(g1a.hoursPerMonth).toBe(720);
    expect(g1a.hourly?.sources).toEqual(['MIX-ST']);
    expect(g1a.hourly?.validFrom).toBe('2026-05-01');
    expect(findInstanceType(byId('azure'), 'Standard_D4a_v4')?.hourly).toBeUndefined();
  });

  it('reads commitments, labelling proxies with their region', () => {
    const e2 = findInstanceType(byId('gcp'), 'e2-standard-2')!;
    expect(e2.commitments.map((c) => [c.term, c.per, c.price.amount.nanos])).toEqual([
      ['1y', 'month', 39_705_720_540n],
      ['3y', 'month', 28_361_231_460n],
    ]);
    const d2 = findInstanceType(byId('azure'), 'Standard_D2a_v4')!;
    expect(d2.commitments.map((c) => [c.term, c.proxyRegion, c.price.confidence])).toEqual([
      ['1y', 'westeurope', 'low'],
      ['3y', 'westeurope', 'low'],
    ]);
  });

  it('reads storage, tiers and allowances only where the source states them', () => {
    expect(byId('gcp').egress?.tiers.map((t) => [t.fromUnits, t.toUnits])).toEqual([
      [0, 1024],
      [1024, 10240],
      [10240, undefined],
    ]);
    expect(byId('hetzner').egress?.freeUnitsPerInstanceMonth).toBe(20_000);
    expect(byId('aws').egress?.freeUnitsPerMonth).toBe(0);
    expect(byId('hetzner').objectStorage[0]?.includedUnits).toBe(1000);
    expect(byId('ionos').blockStorage.map((s) => [s.name, s.hoursPerMonth])).toEqual([
      ['hdd', 720],
      ['ssd_premium', 720],
    ]);
  });

  it('says what is missing instead of inventing it', () => {
    expect(byId('stackit').missing).toContain('block storage price');
    expect(byId('azure').missing).toEqual(
      expect.arrayContaining(['block storage price', 'object storage price', 'egress price']),
    );
    expect(byId('otc').missing).toContain('instance types');
    expect(byId('aws').missing).toContain('egress beyond 10000 GB per month');
    expect(byId('hetzner').missing).toContain(
      'object storage "Object Storage": no price beyond the base fee',
    );
  });
});

describe('parseCatalog validation', () => {
  it('turns a null price into a missing entry', () => {
    const json = edit(['providers', 0, 'compute', 0, 'price_hourly'], null)(raw());
    edit(['providers', 0, 'compute', 0, 'price_monthly_cap', 'value'], null)(json);
    const hetzner = parseCatalog(json).catalogs[0]!;
    expect(hetzner.instanceTypes[0]?.hourly).toBeUndefined();
    expect(hetzner.missing).toContain('instance type "CX23": no hourly or monthly price');
  });

  it.each([
    ['a non-object', () => 42, ''],
    ['no providers', edit(['providers'], []), '/providers'],
    [
      'a negative price',
      edit(['providers', 0, 'compute', 1, 'price_hourly', 'value'], -1),
      '/providers/0/compute/1/price_hourly/value',
    ],
    [
      'a float string',
      edit(['providers', 0, 'compute', 1, 'price_hourly', 'value'], '1e3'),
      '/providers/0/compute/1/price_hourly/value',
    ],
    [
      'a bad currency',
      edit(['providers', 4, 'compute', 0, 'price_hourly', 'currency'], 'usd'),
      '/providers/4/compute/0/price_hourly/currency',
    ],
    [
      'an unknown source',
      edit(['providers', 2, 'compute', 0, 'price_hourly', 'sources'], ['NOPE']),
      '/providers/2/compute/0/price_hourly/sources/0',
    ],
    [
      'no sources',
      edit(['providers', 2, 'compute', 0, 'price_hourly', 'sources'], []),
      '/providers/2/compute/0/price_hourly/sources',
    ],
    ['zero vCPU', edit(['providers', 6, 'compute', 3, 'vcpu'], 0), '/providers/6/compute/3/vcpu'],
    ['a duplicate type', edit(['providers', 0, 'compute', 1, 'type'], 'CX23'), '/providers/0/compute/1/type'],
    ['a duplicate provider', edit(['providers', 1, 'id'], 'hetzner'), '/providers/1/id'],
    ['an upper-case id', edit(['providers', 1, 'id'], 'IONOS'), '/providers/1/id'],
    ['a bad fx date', edit(['fx_rates', 0, 'date'], '14.08.2026'), '/fx_rates/0/date'],
    [
      'a tier gap',
      edit(['providers', 6, 'egress', 'premium_tier_internet', '1-10TiB'], undefined),
      '/providers/6/egress/premium_tier_internet',
    ],
  ])('rejects %s with a pointer', (_name, mutate, pointer) => {
    const problems = problemsOf(mutate(raw()));
    expect(problems.map((p) => p.pointer)).toContain(pointer);
  });

  it('reports every problem at once', () => {
    const json = edit(['providers', 0, 'compute', 0, 'vcpu'], -1)(raw());
    edit(['providers', 6, 'compute', 0, 'price_hourly', 'value'], 'x')(json);
    expect(problemsOf(json)).toHaveLength(2);
  });
});
