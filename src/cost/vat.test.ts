import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { money } from '../domain/money.ts';
import { toVatBasis } from './vat.ts';

describe('toVatBasis', () => {
  it.each([
    ['5.49', 'net', 'gross', '6.5331'],
    ['0.0114', 'gross', 'net', '0.009579832'],
    ['0.0114', 'gross', 'gross', '0.0114'],
    ['0.0572', 'net', 'net', '0.0572'],
    ['0.044', 'unknown', 'gross', '0.05236'],
    ['0.044', 'unknown', 'net', '0.044'],
    ['0', 'net', 'gross', '0'],
  ] as const)('%s %s → %s is %s', (amount, from, to, expected) => {
    expect(toVatBasis(money(amount, 'EUR'), from, to)).toEqual(money(expected, 'EUR'));
  });

  it('takes another rate (7 %)', () => {
    expect(toVatBasis(money('100', 'EUR'), 'net', 'gross', '0.07')).toEqual(money('107', 'EUR'));
  });

  it('net → gross → net returns the amount (property)', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10n ** 15n }), (nanos) => {
        const net = { nanos, currency: 'EUR' };
        return toVatBasis(toVatBasis(net, 'net', 'gross'), 'gross', 'net').nanos === nanos;
      }),
    );
  });
});
