import { describe, expect, it } from 'vitest';
import { addDays } from '../domain/calendar-day.ts';
import { DomainError } from '../domain/errors.ts';
import { formatMoney, money } from '../domain/money.ts';
import { grantStatus } from './grant-status.ts';
import { dailyPlan, dailyRecords, demoGrant, eur } from './test-data.ts';

const actual = [
  ...dailyRecords('2026-01-01', '2026-06-30', '100'),
  // None of these count: other service, other category, before the period, after asOf.
  ...dailyRecords('2026-01-01', '2026-06-30', '50', 'svc-kfz'),
  ...dailyRecords('2026-01-01', '2026-06-30', '70', 'svc-wahl', 'licences'),
  ...dailyRecords('2025-12-01', '2025-12-31', '999'),
  ...dailyRecords('2026-07-01', '2026-07-02', '999'),
  {
    day: '2026-02-01',
    serviceId: null,
    category: 'compute' as const,
    amount: eur('5'),
    source: 'unassigned',
  },
];
const wholePlan = dailyPlan('2026-01-01', '2027-12-31', '80', '100', '200');
/** What projectSpend hands over: the days after the last booked one (here: asOf). */
const planAfter = (asOf: string) => wholePlan.filter((p) => p.day > asOf);
const plan = planAfter('2026-06-30');
const f = formatMoney;

describe('grantStatus', () => {
  const status = grantStatus(demoGrant, actual, plan, new Date('2026-06-30T23:59:59Z'));

  it('sums eligible spend to date and splits it into funded and own share', () => {
    expect(status.asOf).toBe('2026-06-30');
    expect([status.daysElapsed, status.daysTotal]).toEqual([181, 730]);
    expect(f(status.eligibleVolume)).toBe('125000.00');
    expect(f(status.spendToDate)).toBe('18100.00');
    expect(f(status.fundedToDate)).toBe('14480.00');
    expect(f(status.ownShareToDate)).toBe('3620.00');
    expect(f(status.tranchesReceived)).toBe('30000.00');
    expect(f(status.awaitingDisbursement)).toBe('-15520.00');
  });

  it('forecasts the end of the period with a range, and the unspent amount or the exhaustion day', () => {
    expect([
      f(status.forecastSpend.low),
      f(status.forecastSpend.expected),
      f(status.forecastSpend.high),
    ]).toEqual(['62020.00', '73000.00', '127900.00']);
    expect(f(status.forecastFunded.expected)).toBe('58400.00');
    expect(f(status.unspentAtExpiry.expected)).toBe('41600.00');
    expect(f(status.unspentAtExpiry.high)).toBe('0.00');
    expect(f(status.forecastOwnShare.high)).toBe('27900.00');
    // 18,100 + k x 200 >= 125,000 first for k = 535 planned days after 2026-06-30.
    expect(status.exhaustionDay).toEqual({ low: null, expected: null, high: addDays('2026-06-30', 535) });
    expect(status.outlook).toBe('unspent-at-expiry');
  });

  it('burns down per month, consistent with the totals', () => {
    expect(status.burnDown).toHaveLength(24);
    expect(status.burnDown[0]).toMatchObject({
      month: '2026-01',
      actual: eur('3100'),
      planned: { expected: eur('0') },
    });
    expect(status.burnDown[6]).toMatchObject({
      month: '2026-07',
      actual: eur('0'),
      planned: { expected: eur('3100') },
    });
    const total = status.burnDown.reduce((sum, m) => sum + m.actual.nanos + m.planned.expected.nanos, 0n);
    expect(total).toBe(status.forecastSpend.expected.nanos);
    expect(status.burnDown.at(-1)?.remaining.expected).toEqual(status.unspentAtExpiry.expected);
    const remaining = status.burnDown.map((m) => m.remaining.high.nanos);
    expect(remaining).toEqual([...remaining].sort((a, b) => (a > b ? -1 : a < b ? 1 : 0)));
  });

  it('says so when the expected spend uses the grant up early', () => {
    const busy = grantStatus(
      demoGrant,
      actual,
      dailyPlan('2026-07-01', '2027-12-31', '150', '250', '400'),
      '2026-06-30',
    );
    expect(busy.outlook).toBe('exhausted-early');
    expect(busy.exhaustionDay.high! < busy.exhaustionDay.expected!).toBe(true);
    expect(busy.exhaustionDay.low).toBeNull();
  });

  it.each([
    ['before the period', '2025-06-01', 0, '0.00', '73000.00'],
    ['on the first day', '2026-01-01', 1, '100.00', '73000.00'],
    ['after the period (the July costs count now)', '2028-02-01', 730, '20098.00', '20098.00'],
  ])('works %s', (_name, asOf, elapsed, spend, forecast) => {
    const s = grantStatus(demoGrant, actual, planAfter(asOf), asOf);
    expect(s.daysElapsed).toBe(elapsed);
    expect(f(s.spendToDate)).toBe(spend);
    expect(f(s.forecastSpend.expected)).toBe(forecast);
  });

  it('handles no costs and no plans', () => {
    const s = grantStatus(demoGrant, [], [], '2026-06-30');
    expect(f(s.unspentAtExpiry.high)).toBe('100000.00');
    expect(s.outlook).toBe('unspent-at-expiry');
  });

  it('keeps credits from making the funded share negative', () => {
    const credit = [
      {
        day: '2026-01-05',
        serviceId: 'svc-wahl',
        category: 'compute' as const,
        amount: eur('-50'),
        source: 'credit',
      },
    ];
    const s = grantStatus(demoGrant, credit, [], '2026-06-30');
    expect([f(s.spendToDate), f(s.fundedToDate), f(s.ownShareToDate)]).toEqual(['-50.00', '0.00', '-50.00']);
  });

  it('refuses costs in another currency', () => {
    const usd = [
      {
        day: '2026-01-05',
        serviceId: 'svc-wahl',
        category: 'compute' as const,
        amount: money('1', 'USD'),
        source: 'x',
      },
    ];
    expect(() => grantStatus(demoGrant, usd, [], '2026-06-30')).toThrow(/in USD, expected EUR/);
  });

  it('names every problem of an invalid grant', () => {
    const bad = {
      ...demoGrant,
      coFundingRate: '1.2',
      period: { start: '2027-01-01', end: '2026-01-01' },
      tranches: [{ day: '2026-02-30', amount: eur('200000') }],
    };
    const error = (() => {
      try {
        grantStatus(bad, [], [], '2026-06-30');
      } catch (e) {
        return e;
      }
    })() as DomainError;
    expect(error).toBeInstanceOf(DomainError);
    expect(error.errors.map((e) => e.pointer)).toEqual([
      '/period/end',
      '/coFundingRate',
      '/tranches/0/day',
      '/tranches',
    ]);
  });
});
