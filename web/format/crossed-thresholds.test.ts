import { describe, expect, it } from 'vitest';
import { crossedText } from './crossed-thresholds.ts';

describe('crossedText', () => {
  it('says nothing when no threshold is crossed', () => {
    expect(crossedText('de', [])).toBeUndefined();
    expect(crossedText('en', undefined)).toBeUndefined();
  });

  it('names spent thresholds first, then the forecast ones, then unspent money, in either language', () => {
    const crossed = [
      { key: 'g:forecast:80', measure: 'forecast', threshold: 80 },
      { key: 'g:unspent', measure: 'unspent-at-expiry', threshold: null },
      { key: 'g:actual:50', measure: 'actual', threshold: 50 },
      { key: 'g:forecast:50', measure: 'forecast', threshold: 50 },
    ] as const;
    expect(crossedText('de', crossed)).toBe(
      'Überschrittene Schwellen: 50 % ausgegeben, 50 % laut Prognose, 80 % laut Prognose, Restmittel über der Warngrenze',
    );
    expect(crossedText('en', crossed)).toBe(
      'Thresholds crossed: 50 % spent, 50 % by the forecast, 80 % by the forecast, unspent money above the alert limit',
    );
  });
});
