import { describe, expect, it } from 'vitest';
import { decimalText, isCurrencyCode, moneyText, positiveDecimal } from './decimal-text.ts';

describe('positiveDecimal', () => {
  it.each([
    ['1,0834', '1.0834'],
    ['1.0834', '1.0834'],
    [' 162,37 ', '162.37'],
    ['25', '25'],
    ['0,000001', '0.000001'],
  ])('reads %s as %s', (text, decimal) => {
    expect(positiveDecimal(text)).toBe(decimal);
  });

  it.each(['', '0', '0,000', '-1,2', '1.234,5', '1,2,3', 'abc', '1e3', '1,1234567890123', '1234567890'])(
    'refuses %s',
    (text) => {
      expect(positiveDecimal(text)).toBeUndefined();
    },
  );
});

describe('decimalText and moneyText', () => {
  it('keeps every digit of the text, in the locale style', () => {
    expect(decimalText('de-DE', '1.083700')).toBe('1,083700');
    expect(decimalText('en-GB', '162.37')).toBe('162.37');
    expect(decimalText('de-DE', '1234.5')).toBe('1.234,5');
  });

  // Intl puts a no-break space between number and symbol.
  const money = (locale: string, amount: string, currency: string) =>
    moneyText(locale, amount, currency).replace(/\u00a0/g, ' ');

  it('shows amounts with at least two and at most the server’s digits', () => {
    expect(money('de-DE', '7.524725000', 'USD')).toBe('7,524725 $');
    expect(money('de-DE', '5.91', 'EUR')).toBe('5,91 €');
    expect(money('de-DE', '120', 'EUR')).toBe('120,00 €');
    expect(money('en-GB', '0.1', 'EUR')).toBe('€0.10');
    expect(money('de-DE', '123456789.123456789', 'EUR')).toBe('123.456.789,123456789 €');
  });

  it('keeps a currency Intl does not know as a code', () => {
    expect(money('de-DE', '1.5', 'XYZ1')).toBe('1,5 XYZ1');
  });
});

describe('isCurrencyCode', () => {
  it.each([
    ['USD', true],
    ['EUR', true],
    ['usd', false],
    ['EURO', false],
    ['QQQ', false],
  ])('%s → %s', (code, ok) => {
    expect(isCurrencyCode(code)).toBe(ok);
  });
});
