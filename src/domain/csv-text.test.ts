import { describe, expect, it } from 'vitest';
import { type CsvValue, csvCell, csvText } from './csv-text.ts';
import { money } from './money.ts';

describe('csvCell', () => {
  it.each<[CsvValue, string, string]>([
    [null, '', ''],
    [undefined, '', ''],
    ['März', 'März', 'März'],
    [money('1234.565', 'EUR'), '1234,57', '1234.57'],
    [money('-0.004', 'EUR'), '0,00', '0.00'],
    [money('-1234567.885', 'EUR'), '-1234567,89', '-1234567.89'],
    [{ nanos: 123_456_789_012_345_678_901n, currency: 'EUR' }, '123456789012,35', '123456789012.35'],
    // quantities: four significant digits, whole part never rounded, no exponent, no -0
    [0.1 + 0.2, '0,3', '0.3'],
    [1234.5678901234, '1235', '1235'],
    [12.345678, '12,35', '12.35'],
    [0.000123456, '0,0001235', '0.0001235'],
    [-0.00001, '-0,00001', '-0.00001'],
    [-0.0000000000001, '0', '0'],
    [1e21, '1000000000000000000000', '1000000000000000000000'],
    [42, '42', '42'],
    [Number.NaN, '', ''],
    [Number.POSITIVE_INFINITY, '', ''],
    [12n, '12', '12'],
    [{ quantity: 2.5, digits: 0 }, '3', '3'],
    [{ quantity: 1 / 3, digits: 2 }, '0,33', '0.33'],
    [{ day: '2026-03-01' }, '01.03.2026', '2026-03-01'],
    [{ day: '2024-02-29' }, '29.02.2024', '2024-02-29'],
    [{ instant: '2026-03-29T01:30:00Z' }, '29.03.2026 01:30', '2026-03-29 01:30'],
    // the night clocks go forward in Germany: 01:30 UTC is 03:30 summer time
    [{ instant: '2026-03-29T01:30:00Z', zone: 'Europe/Berlin' }, '29.03.2026 03:30', '2026-03-29 03:30'],
    [
      { instant: Date.UTC(2026, 9, 25, 0, 59, 7), zone: 'Europe/Berlin' },
      '25.10.2026 02:59:07',
      '2026-10-25 02:59:07',
    ],
    [{ instant: 'not a time' }, '', ''],
    [{ de: 'Summe', en: 'Total' }, 'Summe', 'Total'],
    // text a spreadsheet would run as a formula stays text
    ['=HYPERLINK("http://x")', `'=HYPERLINK("http://x")`, `'=HYPERLINK("http://x")`],
    ['+49 89 1234', "'+49 89 1234", "'+49 89 1234"],
    ['@SUM(A1)', "'@SUM(A1)", "'@SUM(A1)"],
    ['-A1', "'-A1", "'-A1"],
    ['-5', '-5', '-5'],
    ['-1.234,5', '-1.234,5', '-1.234,5'],
    // a minus followed by digits is still a formula when an operator follows
    ['-1+1', "'-1+1", "'-1+1"],
    ["-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0"],
    ['\t=1+1', "'\t=1+1", "'\t=1+1"],
    ['\r=1+1', "'\r=1+1", "'\r=1+1"],
    ['\uFF1D1+1', "'\uFF1D1+1", "'\uFF1D1+1"],
    [{ de: '=Summe', en: '@Total' }, "'=Summe", "'@Total"],
    ['a=1', 'a=1', 'a=1'],
    // numbers are written as numbers, negative ones included
    [-5, '-5', '-5'],
  ])('case %#', (value, de, en) => {
    expect(csvCell(value, 'de')).toBe(de);
    expect(csvCell(value, 'en')).toBe(en);
  });

  it('refuses a day that is not YYYY-MM-DD', () => {
    expect(() => csvCell({ day: '1.3.2026' }, 'de')).toThrow(RangeError);
  });
});

describe('csvText', () => {
  it.each<[CsvValue[][], string, string]>([
    [[], '\uFEFF', '\uFEFF'],
    [[['a', 'b']], '\uFEFFa;b\r\n', '\uFEFFa,b\r\n'],
    // a field is quoted when it holds the delimiter, a quote or a line break
    [
      [['x;y', 'x,y', 'say "hi"', 'line\nbreak', 1.5]],
      '\uFEFF"x;y";x,y;"say ""hi""";"line\nbreak";1,5\r\n',
      '\uFEFFx;y,"x,y","say ""hi""","line\nbreak",1.5\r\n',
    ],
    [
      [
        [
          { de: 'Tag', en: 'Day' },
          { de: 'Betrag (€)', en: 'Amount (€)' },
        ],
        [{ day: '2026-03-01' }, money('1234.5', 'EUR')],
      ],
      '\uFEFFTag;Betrag (€)\r\n01.03.2026;1234,50\r\n',
      '\uFEFFDay,Amount (€)\r\n2026-03-01,1234.50\r\n',
    ],
  ])('%#', (rows, de, en) => {
    expect(csvText(rows)).toBe(de);
    expect(csvText(rows, 'en')).toBe(en);
  });

  it('writes UTF-8 with a byte-order mark when encoded', () => {
    const bytes = new TextEncoder().encode(csvText([['März', '€']]));
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(new TextDecoder().decode(bytes)).toBe('März;€\r\n');
  });
});
