import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { money } from '../domain/money.ts';
import { billingMonths } from './billing-months.ts';
import { testCatalog } from './cost-fixtures.ts';
import { effectiveCatalog } from './effective-prices.ts';
import { egressSegmentCosts } from './egress-cost.ts';
import { exchangeRateTable } from './exchange-rates.ts';
import { storageSegmentCosts } from './storage-cost.ts';
import { loadFixtureCatalog } from './test-catalog.ts';

const HOUR = 3_600_000;
const JAN = Date.UTC(2027, 0, 1);
const bundle = loadFixtureCatalog();
const priced = (provider: string) =>
  effectiveCatalog(bundle.catalogs.find((c) => c.provider === provider)!, {
    currency: 'EUR',
    vat: 'net',
    fx: exchangeRateTable(bundle.fxRates),
    on: '2027-01-01',
  });
const whole = (n: number) => [{ startIndex: 0, endIndex: n }];

describe('storageSegmentCosts', () => {
  it('converts GiB to the GB a price is quoted in', () => {
    const gp3 = priced('aws').blockStorage[0]!;
    const cost = storageSegmentCosts(Array(730).fill(100), gp3, HOUR, whole(730)).perSegment[0]!;
    // 100 GiB = 107.3741824 GB at 0.0952 USD / 1.1133 per GB-month
    expect(cost).toBe(money('9.181731874', 'EUR').nanos);
  });

  it('charges a base fee with included volume and names the unpriced excess', () => {
    const hetzner = priced('hetzner').objectStorage[0]!;
    const inside = storageSegmentCosts(Array(730).fill(900), hetzner, HOUR, whole(730));
    expect(inside.perSegment[0]).toBe(money('6.487394958', 'EUR').nanos);
    expect(inside.unpriced).toEqual([]);
    const beyond = storageSegmentCosts(Array(730).fill(2000), hetzner, HOUR, whole(730));
    expect(beyond.unpriced).toEqual([
      'hetzner Object Storage: storage beyond the 1000 GB included has no price',
    ]);
  });

  it('rounds once per segment and splits exactly', () => {
    const store = testCatalog().blockStorage[0]!;
    const series = Array.from({ length: 100 }, (_, i) => i * 0.37);
    const one = storageSegmentCosts(series, store, HOUR, whole(100)).perSegment[0]!;
    const split = storageSegmentCosts(series, store, HOUR, [
      { startIndex: 0, endIndex: 33 },
      { startIndex: 33, endIndex: 100 },
    ]).perSegment;
    expect(Number(one - split[0]! - split[1]!)).toBeLessThanOrEqual(1);
  });
});

describe('egressSegmentCosts', () => {
  const months = billingMonths(JAN, HOUR, 744);

  it('gives Hetzner servers 20 TB each, pro rata to the hours they run', () => {
    const egress = priced('hetzner').egress!;
    const cost = egressSegmentCosts(
      Array(744).fill(30),
      Array(744).fill(0),
      egress,
      Array(744).fill(1),
      months,
      HOUR,
      whole(744),
    );
    // 22,320 GiB = 23,965.92 GB; 20,000 free; the rest at 0.001 EUR/GB
    expect(cost.service[0]).toBe(money('3.96591772', 'EUR').nanos);
  });

  it('walks the GCP tiers in order within the month', () => {
    const egress = priced('gcp').egress!;
    const cost = egressSegmentCosts(
      Array(744).fill(2),
      Array(744).fill(0),
      egress,
      Array(744).fill(1),
      months,
      HOUR,
      [
        { startIndex: 0, endIndex: 500 },
        { startIndex: 500, endIndex: 744 },
      ],
    );
    // first 1,000 GiB at tier 1, then 24 GiB at tier 1 and 464 at tier 2 (1 TiB = 1,024 GiB)
    const [first, second] = egress.tiers.map((t) => t.perUnit.nanos);
    expect(cost.service[0]).toBe(1000n * first!);
    expect(cost.service[1]).toBe(24n * first! + 464n * second!);
  });

  it('names egress beyond the last priced tier (AWS: first 10 TB only)', () => {
    const egress = priced('aws').egress!;
    const cost = egressSegmentCosts(
      Array(744).fill(20),
      Array(744).fill(0),
      egress,
      Array(744).fill(1),
      months,
      HOUR,
      whole(744),
    );
    expect(cost.unpriced).toEqual(['egress beyond the last priced tier in 2027-01']);
  });
});

describe('egress by running sums', () => {
  /** Step by step in bigint, the obvious way: the reference for the fast path. */
  function reference(
    service: number[],
    backup: number[],
    tiers: { to: number; price: bigint }[],
    free: number,
  ) {
    let left = BigInt(Math.round(free * 1e6));
    let billed = 0n;
    let cost = 0n;
    for (let i = 0; i < service.length; i++) {
      for (const q of [service[i]!, backup[i]!]) {
        let rest = BigInt(q > 0 ? Math.round(q * 1e6) : 0);
        const used = rest < left ? rest : left;
        left -= used;
        rest -= used;
        for (const tier of tiers) {
          const room = BigInt(Math.round(tier.to * 1e6)) - billed;
          if (rest === 0n || room <= 0n) continue;
          const slice = rest < room ? rest : room;
          cost += slice * tier.price;
          billed += slice;
          rest -= slice;
        }
      }
    }
    return cost / 1_000_000n;
  }

  it('prices a month like the step-by-step walk (property)', () => {
    const egress = testCatalog().egress!;
    const tiers = [
      { to: 100, price: egress.tiers[0]!.perUnit.nanos },
      { to: Number.MAX_SAFE_INTEGER / 1e7, price: egress.tiers[1]!.perUnit.nanos },
    ];
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0, max: 5, noNaN: true }), { minLength: 1, maxLength: 700 }),
        fc.array(fc.double({ min: 0, max: 20, noNaN: true }), { maxLength: 700 }),
        fc.integer({ min: 1, max: 30 }),
        (service, rawBackup, cuts) => {
          const n = service.length;
          const backup = service.map((_, i) => (i % 24 === 0 ? (rawBackup[i] ?? 0) : 0));
          const size = Math.max(1, Math.ceil(n / cuts));
          const segments = [];
          for (let s = 0; s < n; s += size) segments.push({ startIndex: s, endIndex: Math.min(n, s + size) });
          const cost = egressSegmentCosts(
            service,
            backup,
            egress,
            Array(n).fill(1),
            billingMonths(JAN, HOUR, n),
            HOUR,
            segments,
          );
          const fast = [...cost.service, ...cost.backup].reduce((a, b) => a + b, 0n);
          const diff = fast - reference(service, backup, tiers, 10);
          return diff >= -BigInt(2 * segments.length) && diff <= BigInt(2 * segments.length);
        },
      ),
    );
  });
});
