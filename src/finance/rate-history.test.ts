import { describe, expect, it } from 'vitest';
import { money } from '../domain/money.ts';
import { applyRate, convertOnDay } from './convert-on-day.ts';
import { rateLabelDe, rateLabelEn } from './fx-rate-label.ts';
import { type RateLayers, rateHistory } from './rate-history.ts';

// The ECB's USD rates of Maundy Thursday to the Tuesday after Easter 2026 (Good Friday and Easter
// Monday are TARGET holidays), and two weeks later.
const reference = new Map([
  ['USD', { dates: ['2026-04-02', '2026-04-07', '2026-04-21'], rates: ['1.0837', '1.0899', '1.1402'] }],
]);
const layers: RateLayers = { own: [], shared: [], reference, maxAgeDays: 14 };

describe('rateHistory', () => {
  const lookup = rateHistory(layers);
  it.each([
    ['the day itself', '2026-04-02', '2026-04-02'],
    ['Good Friday: Thursday’s', '2026-04-03', '2026-04-02'],
    ['Easter Monday: still Thursday’s', '2026-04-06', '2026-04-02'],
    ['the Tuesday after', '2026-04-07', '2026-04-07'],
    ['13 days later, no newer rate', '2026-04-20', '2026-04-07'],
  ])('%s: uses the rate of %s', (_name, day, date) => {
    const found = lookup('USD', 'EUR', day);
    expect(found).toMatchObject({ kind: 'found', entry: { base: 'EUR', quote: 'USD', date, source: 'ECB' } });
  });

  it('looks back further than a week when allowed, and refuses past the limit naming the rate found', () => {
    expect(rateHistory({ ...layers, maxAgeDays: 30 })('USD', 'EUR', '2026-04-15')).toMatchObject({
      kind: 'found',
      entry: { date: '2026-04-07' },
    });
    const stale = rateHistory({ ...layers, maxAgeDays: 3 })('USD', 'EUR', '2026-04-15');
    expect(stale.kind).toBe('stale');
    expect(stale.kind !== 'found' && stale.detail).toContain(
      'the latest USD/EUR exchange rate on or before 2026-04-15 is of 2026-04-07, 8 days earlier, more than the 3 days allowed (LASTPLAN_FX_MAX_AGE_DAYS)',
    );
  });

  it('says when there is no rate at all, or none that early', () => {
    expect(lookup('ARS', 'EUR', '2026-04-07')).toMatchObject({ kind: 'missing' });
    const early = lookup('USD', 'EUR', '2026-01-01');
    expect(early.kind !== 'found' && early.detail).toContain(
      'no USD/EUR exchange rate on or before 2026-01-01 (the first is of 2026-04-02)',
    );
  });

  it('takes a rate in either direction, and the tenant’s own over the shared one over the ECB’s on the same day', () => {
    const own = [{ base: 'USD', quote: 'EUR', rate: '0.9', date: '2026-04-07', source: 'Haushalt' }];
    const shared = [
      { base: 'EUR', quote: 'USD', rate: '1.2', date: '2026-04-07', source: 'Katalog' },
      { base: 'EUR', quote: 'USD', rate: '1.3', date: '2026-04-02', source: 'Katalog' },
    ];
    const chosen = rateHistory({ ...layers, own, shared });
    expect(chosen('USD', 'EUR', '2026-04-08')).toMatchObject({ entry: { source: 'Haushalt', rate: '0.9' } });
    expect(chosen('EUR', 'USD', '2026-04-02')).toMatchObject({ entry: { source: 'Katalog', rate: '1.3' } });
    expect(chosen('USD', 'EUR', '2026-04-21')).toMatchObject({ entry: { source: 'ECB', rate: '1.1402' } });
  });
});

describe('applyRate and convertOnDay', () => {
  const ecb = { base: 'EUR', quote: 'USD', rate: '1.0837', date: '2026-04-02', source: 'ECB' };
  it.each([
    ['divides by an ECB rate', money('1.0837', 'USD'), ecb, 'EUR', money('1', 'EUR')],
    ['multiplies the other way', money('1', 'EUR'), ecb, 'USD', money('1.0837', 'USD')],
    ['rounds to the nano half away from zero', money('1', 'USD'), ecb, 'EUR', money('0.922764603', 'EUR')],
    ['keeps the sign of a credit', money('-1', 'USD'), ecb, 'EUR', money('-0.922764603', 'EUR')],
    [
      'multiplies by a rate entered as 1 USD = y EUR',
      money('10', 'USD'),
      { ...ecb, base: 'USD', quote: 'EUR', rate: '0.9' },
      'EUR',
      money('9', 'EUR'),
    ],
  ])('%s', (_name, amount, rate, to, expected) => {
    expect(applyRate(amount, rate, to)).toEqual(expected);
  });

  it('keeps the rate with the converted amount, and throws the lookup’s reason when there is none', () => {
    const lookup = rateHistory(layers);
    expect(convertOnDay(money('10.837', 'USD'), '2026-04-03', 'EUR', lookup)).toEqual({
      amount: money('10', 'EUR'),
      fx: { original: money('10.837', 'USD'), rate: ecb },
    });
    expect(() => convertOnDay(money('1', 'USD'), '2026-05-30', 'EUR', lookup)).toThrow('39 days earlier');
  });

  it('labels the rate in German and English', () => {
    expect(rateLabelDe(ecb)).toBe('EZB-Referenzkurs vom 02.04.2026: 1 EUR = 1,0837 USD');
    expect(rateLabelEn(ecb)).toBe('ECB reference rate of 2026-04-02: 1 EUR = 1.0837 USD');
  });
});
