import { describe, expect, it } from 'vitest';
import { fractionToPercent, percentToFraction } from './percent-input.ts';

describe('percent input', () => {
  it.each([
    ['80', '0.8'],
    ['5', '0.05'],
    ['150', '1.5'],
    ['-20', '-0.2'],
    ['12,5', '0.125'],
    ['0.01', '0.0001'],
    ['0', '0'],
    [' 100 ', '1'],
  ])('reads %s %% as the fraction %s and back', (percent, fraction) => {
    expect(percentToFraction(percent)).toBe(fraction);
    expect(fractionToPercent(fraction)).toBe(percent.trim().replace(',', '.'));
  });

  it.each(['', 'achtzig', '80 %', '1e3', '1.2.3'])('reads no fraction from %j', (text) => {
    expect(percentToFraction(text)).toBeUndefined();
  });
});
