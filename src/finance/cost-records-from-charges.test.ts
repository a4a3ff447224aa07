import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { costCategoryOfCharge } from '../domain/cost-category.ts';
import { formatMoney, money } from '../domain/money.ts';
import type { FocusCharge } from '../ingest/focus/focus-charge.ts';
import type { ServiceRule } from '../ingest/focus/map-charge-to-service.ts';
import { parseFocus } from '../ingest/focus/parse-focus.ts';
import { convertOnDay, type RateLookup } from './convert-on-day.ts';
import { costRecordsFromCharges, costRecordsFromPlain } from './cost-records-from-charges.ts';

async function sampleCharges(): Promise<FocusCharge[]> {
  const bytes = readFileSync(new URL('../../fixtures/focus/focus_1.0_sample_shape_200.csv', import.meta.url));
  const charges: FocusCharge[] = [];
  for await (const batch of parseFocus([bytes])) charges.push(...batch.charges);
  return charges;
}

/** An invented USD→EUR rate that differs per month, so the test sees which day was used. */
const rates: RateLookup = (from, to, day) => {
  const rate =
    from === 'USD' && to === 'EUR' ? { '01': '0.9', '02': '0.8', '03': '0.5' }[day.slice(5, 7)] : undefined;
  if (rate === undefined) return { kind: 'missing', detail: `no ${from}/${to} exchange rate for ${day}` };
  return { kind: 'found', entry: { base: 'USD', quote: 'EUR', rate, date: day, source: 'test' } };
};

const rules: ServiceRule[] = [
  { serviceId: 'svc-wahl', tag: { key: 'service', value: 'wahlschein' } },
  { serviceId: 'svc-kfz', tag: { key: 'service', value: 'kfz-*' } },
];

describe('convertOnDay', () => {
  it('uses the rate of the day and leaves the same currency alone', () => {
    expect(convertOnDay(money('10', 'USD'), '2026-02-14', 'EUR', rates)).toEqual({
      amount: money('8', 'EUR'),
      fx: {
        original: money('10', 'USD'),
        rate: { base: 'USD', quote: 'EUR', rate: '0.8', date: '2026-02-14', source: 'test' },
      },
    });
    const none: RateLookup = () => ({ kind: 'missing', detail: 'none' });
    expect(convertOnDay(money('10', 'EUR'), '2026-02-14', 'EUR', none)).toEqual({
      amount: money('10', 'EUR'),
      fx: undefined,
    });
  });

  it('refuses to guess a missing rate', () => {
    expect(() => convertOnDay(money('1', 'USD'), '2026-04-01', 'EUR', rates)).toThrow(
      'no USD/EUR exchange rate for 2026-04-01',
    );
  });
});

describe('costRecordsFromCharges', () => {
  it('books the sample in EUR with the dated rates, and the totals reconcile with the file', async () => {
    const charges = await sampleCharges();
    const billed = costRecordsFromCharges(charges, {
      basis: 'billed',
      currency: 'EUR',
      rates,
      rules,
      fileName: 'sample.csv',
    });
    const nonZero = charges.filter((c) => c.billedCost.nanos !== 0n);
    expect(billed).toHaveLength(nonZero.length);
    // Independent reconciliation: per month, sum in USD and convert once (exact, the rate is a decimal).
    const byMonth = (month: string) =>
      nonZero
        .filter((c) => c.chargePeriodStart.slice(5, 7) === month)
        .reduce((t, c) => t + c.billedCost.nanos, 0n);
    const expected = (byMonth('01') * 9n) / 10n + (byMonth('02') * 8n) / 10n + byMonth('03') / 2n;
    const total = billed.reduce((t, r) => t + r.amount.nanos, 0n);
    expect(total - expected).toBeLessThanOrEqual(BigInt(billed.length));
    expect(total - expected).toBeGreaterThanOrEqual(-BigInt(billed.length));
    expect(billed.every((r) => r.amount.currency === 'EUR')).toBe(true);
    expect(billed[0]?.source).toMatch(/^FOCUS sample.csv, line \d+$/);
    expect(new Set(billed.map((r) => r.serviceId))).toEqual(new Set(['svc-wahl', 'svc-kfz', null]));
  });

  it('counts a commitment once: billed books the purchase, effective the amortised usage', async () => {
    const charges = await sampleCharges();
    const options = { currency: 'USD', rates, rules: [], fileName: 's.csv' } as const;
    const billed = costRecordsFromCharges(charges, { ...options, basis: 'billed' });
    const effective = costRecordsFromCharges(charges, { ...options, basis: 'effective' });
    const sum = (xs: { amount: { nanos: bigint } }[]) =>
      formatMoney({ nanos: xs.reduce((t, r) => t + r.amount.nanos, 0n), currency: 'USD' });
    const fileBilled = charges.reduce((t, c) => t + c.billedCost.nanos, 0n);
    const fileEffective = charges.reduce((t, c) => t + c.effectiveCost.nanos, 0n);
    expect(sum(billed)).toBe(formatMoney({ nanos: fileBilled, currency: 'USD' }));
    expect(sum(effective)).toBe(formatMoney({ nanos: fileEffective, currency: 'USD' }));
    const purchaseLines = new Set(charges.filter((c) => c.chargeCategory === 'purchase').map((c) => c.line));
    expect(effective.some((r) => purchaseLines.has(Number(r.source.split('line ')[1])))).toBe(false);
  });

  it.each([
    ['UTC', '2026-03-31T22:00:00.000Z', '2026-03-31'],
    ['Europe/Berlin', '2026-03-31T22:00:00.000Z', '2026-04-01'],
    ['Europe/Berlin', '2026-03-31T21:00:00.000Z', '2026-03-31'],
    ['Europe/Berlin', '2026-03-29T00:30:00.000Z', '2026-03-29'],
    ['Europe/Berlin', '2026-10-24T22:00:00.000Z', '2026-10-25'],
    ['Europe/Berlin', '2026-12-31T23:00:00.000Z', '2027-01-01'],
  ])('books a charge in %s starting %s on %s', async (timeZone, start, day) => {
    const charge = (await sampleCharges())[0]!;
    const [record] = costRecordsFromCharges([{ ...charge, chargePeriodStart: start }], {
      basis: 'billed',
      currency: 'USD',
      rates,
      rules: [],
      fileName: 'x.csv',
      timeZone,
    });
    expect(record?.day).toBe(day);
  });

  it('books plain costs with the service names resolved', () => {
    const records = costRecordsFromPlain(
      [
        {
          line: 2,
          day: '2026-01-31',
          service: 'Wahlschein',
          category: 'licences',
          amount: money('100', 'USD'),
          description: null,
        },
      ],
      {
        currency: 'EUR',
        rates,
        fileName: 'rz.csv',
        serviceIdOf: (name) => (name === 'Wahlschein' ? 'svc-wahl' : undefined),
      },
    );
    expect(records).toEqual([
      {
        day: '2026-01-31',
        serviceId: 'svc-wahl',
        category: 'licences',
        amount: money('90', 'EUR'),
        fx: {
          original: money('100', 'USD'),
          rate: { base: 'USD', quote: 'EUR', rate: '0.9', date: '2026-01-31', source: 'test' },
        },
        source: 'CSV rz.csv, line 2',
      },
    ]);
  });
});

describe('costCategoryOfCharge', () => {
  it.each([
    ['Compute', 'usage', 'Hours', 'compute'],
    ['Storage', 'usage', 'GB-Mo', 'storage'],
    ['Networking', 'usage', 'GB', 'egress'],
    ['Databases', 'usage', 'Hours', 'services'],
    ['Business Applications', 'purchase', 'License', 'licences'],
    ['Compute', 'purchase', 'Commitment', 'compute'],
  ])('%s %s %s is %s', (serviceCategory, chargeCategory, pricingUnit, expected) => {
    expect(costCategoryOfCharge({ serviceCategory, chargeCategory, pricingUnit })).toBe(expected);
  });
});
