import { describe, expect, it } from 'vitest';
import { monthCost } from './month-cost.ts';

const eur = (amount: string) => ({ total: { amount, currency: 'EUR' } });

describe('monthCost', () => {
  it.each([
    ['no steps', [], '0.00'],
    ['a step wholly inside', [{ from: 10, to: 20, cost: eur('3.10') }], '3.10'],
    ['a step half inside', [{ from: 90, to: 110, cost: eur('10') }], '5.00'],
    ['a step outside', [{ from: 200, to: 300, cost: eur('10') }], '0.00'],
    ['a step without cost', [{ from: 10, to: 20 }], '0.00'],
    [
      'tenths that binary floats would not add exactly',
      [
        { from: 0, to: 10, cost: eur('0.1') },
        { from: 10, to: 20, cost: eur('0.2') },
      ],
      '0.30',
    ],
  ])('%s', (_name, steps, expected) => {
    expect(monthCost(steps, 0, 100)).toBe(expected);
  });
});
