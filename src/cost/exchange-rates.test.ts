import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DomainError } from '../domain/errors.ts';
import { money } from '../domain/money.ts';
import { exchangeRateTable, findRate, toCurrency } from './exchange-rates.ts';
import { loadFixtureCatalog } from './test-catalog.ts';

const table = exchangeRateTable(loadFixtureCatalog().fxRates);

describe('exchange rates', () => {
  it.each([
    ['2026-08-13', undefined],
    ['2026-08-14', '2026-08-14'],
    ['2026-10-27', '2026-08-14'],
    ['2026-10-28', '2026-10-28'],
    ['2028-02-29', '2026-10-28'],
  ])('on %s uses the rate of %s', (date, expected) => {
    expect(findRate(table, 'USD', 'EUR', date)?.date).toBe(expected);
    expect(findRate(table, 'EUR', 'USD', date)?.date).toBe(expected);
  });

  it.each([
    ['1.1133', 'USD', 'EUR', '1.000000000'],
    ['1', 'EUR', 'USD', '1.1133'],
    ['0.1035', 'USD', 'EUR', '0.092966855'],
    ['0', 'USD', 'EUR', '0'],
  ])('converts %s %s to %s', (amount, from, to, expected) => {
    expect(toCurrency(money(amount, from), to, table, '2026-11-01')).toEqual(money(expected, to));
  });

  it('leaves the same currency alone and names a missing rate', () => {
    expect(toCurrency(money('3', 'EUR'), 'EUR', [], '2026-01-01')).toEqual(money('3', 'EUR'));
    expect(() => toCurrency(money('3', 'USD'), 'EUR', table, '2020-01-01')).toThrow(/USD→EUR.*2020-01-01/);
    expect(() => toCurrency(money('3', 'CHF'), 'EUR', table, '2027-01-01')).toThrow(DomainError);
  });

  it('sorts a table and rejects bad entries with pointers', () => {
    expect(exchangeRateTable([...table].reverse()).map((r) => r.date)).toEqual(['2026-08-14', '2026-10-28']);
    try {
      exchangeRateTable([{ base: 'EUR', quote: 'usd', rate: '-1', date: '2026-1-1', source: 'x' }]);
      expect.unreachable();
    } catch (error) {
      expect((error as DomainError).errors.map((e) => e.pointer)).toEqual(['/0/quote', '/0/rate', '/0/date']);
    }
  });

  it('round-trips USD→EUR→USD within a nano-unit per unit (property)', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10n ** 15n }), (nanos) => {
        const usd = { nanos, currency: 'USD' };
        const back = toCurrency(toCurrency(usd, 'EUR', table, '2026-12-01'), 'USD', table, '2026-12-01');
        const diff = back.nanos - nanos;
        return diff >= -1n && diff <= 1n;
      }),
    );
  });
});
