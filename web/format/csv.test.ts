import { describe, expect, it } from 'vitest';
import { amountCell } from './csv.ts';

describe('amountCell', () => {
  it.each([
    [undefined, undefined],
    [null, undefined],
    ['', undefined],
    ['1234.500000000', { nanos: 1_234_500_000_000n, currency: 'EUR' }],
    ['-0.01', { nanos: -10_000_000n, currency: 'EUR' }],
  ])('%s', (text, expected) => {
    expect(amountCell(text, 'EUR')).toEqual(expected);
  });
});
