import { describe, expect, it } from 'vitest';
import { money } from '../domain/money.ts';
import { formatMoneyDe } from './format-money-de.ts';

describe('formatMoneyDe', () => {
  it.each([
    ['0', 'EUR', '0,00\u00a0€'],
    ['0.005', 'EUR', '0,01\u00a0€'],
    ['-0.004', 'EUR', '0,00\u00a0€'],
    ['999.999', 'EUR', '1.000,00\u00a0€'],
    ['-1234567.885', 'EUR', '-1.234.567,89\u00a0€'],
    ['12345678901234567', 'USD', '12.345.678.901.234.567,00\u00a0USD'],
  ])('%s %s', (value, currency, expected) => {
    expect(formatMoneyDe(money(value, currency))).toBe(expected);
  });

  it('leaves the currency out on request', () => {
    expect(formatMoneyDe(money('1234.5', 'EUR'), false)).toBe('1.234,50');
  });
});
