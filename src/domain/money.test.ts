import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  add,
  convert,
  formatMoney,
  money,
  parseDecimal,
  roundToCents,
  scale,
  sum,
  times,
  toCents,
} from './money.ts';

describe('money', () => {
  it.each([
    ['0', 0n],
    ['1', 1_000_000_000n],
    ['0.0071', 7_100_000n],
    ['-2.5', -2_500_000_000n],
    ['0.0000000005', 1n],
    ['0.0000000004', 0n],
  ])('parses %s', (text, nanos) => {
    expect(parseDecimal(text)).toBe(nanos);
  });

  it('parses numbers too large for toFixed', () => {
    expect(parseDecimal(1e21)).toBe(10n ** 21n * 1_000_000_000n);
    expect(parseDecimal(-2.5)).toBe(-2_500_000_000n);
  });

  it.each(['', 'abc', '1e5', '1,5', 'NaN'])('rejects %j', (text) => {
    expect(() => parseDecimal(text)).toThrow(RangeError);
  });

  it('sums hourly prices exactly where floats drift', () => {
    const hourly = money('0.1', 'EUR');
    const total = sum(
      Array.from({ length: 10 }, () => hourly),
      'EUR',
    );
    expect(formatMoney(total)).toBe('1.00');
    expect(formatMoney(times(money('0.0071', 'EUR'), 720), 4)).toBe('5.1120');
  });

  it('rounds half away from zero to cents', () => {
    expect(formatMoney(roundToCents(money('2.345', 'EUR')))).toBe('2.35');
    expect(formatMoney(roundToCents(money('-2.345', 'EUR')))).toBe('-2.35');
    expect(toCents(money('0.005', 'EUR'))).toBe(1n);
  });

  it('scales and converts', () => {
    expect(formatMoney(scale(money('100', 'EUR'), '0.19'))).toBe('19.00');
    expect(convert(money('10', 'USD'), '0.92', 'EUR')).toEqual(money('9.2', 'EUR'));
  });

  it('refuses to mix currencies', () => {
    expect(() => add(money(1, 'EUR'), money(1, 'USD'))).toThrow(/cannot combine/);
  });

  it('total of cents equals the sum of rounded lines when lines are rounded first', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -1e9, max: 1e9 }), { maxLength: 50 }), (cents) => {
        const lines = cents.map((c) => money((c / 100).toFixed(2), 'EUR'));
        expect(toCents(sum(lines, 'EUR'))).toBe(cents.reduce((a, b) => a + BigInt(b), 0n));
      }),
    );
  });
});
