import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseDecimal } from '../../domain/money.ts';
import { plainDecimal, tagsCell, utcInstant } from './focus-values.ts';

describe('plainDecimal', () => {
  it.each([
    ['1.5E-05', '0.000015'],
    ['1.5e+3', '1500'],
    ['-2.25E1', '-22.5'],
    ['12e0', '12'],
    ['.5', '0.5'],
    ['5.', '5'],
    ['+3.10', '3.10'],
    ['0.000', '0.000'],
    ['7E-1', '0.7'],
    [' 42 ', '42'],
  ])('%s is %s', (text, expected) => {
    expect(plainDecimal(text)).toEqual({ ok: true, value: expected });
  });

  it.each(['', '.', 'e5', '1,5', '1.2.3', 'NaN', 'Infinity', '0x10', '1e', '--1'])('refuses %j', (text) => {
    expect(plainDecimal(text).ok).toBe(false);
  });

  it('gives exactly the value of mantissa x 10^exponent', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: -(10n ** 15n), max: 10n ** 15n }),
        fc.integer({ min: 0, max: 8 }),
        fc.integer({ min: -9, max: 9 }),
        (digits, point, exponent) => {
          // The mantissa digits with a decimal point `point` places from the right.
          const abs = (digits < 0n ? -digits : digits).toString().padStart(point + 1, '0');
          const mantissa = `${digits < 0n ? '-' : ''}${abs.slice(0, abs.length - point)}${point ? `.${abs.slice(-point)}` : ''}`;
          const parsed = plainDecimal(`${mantissa}E${exponent}`);
          if (!parsed.ok) throw new Error(parsed.problem);
          // value x 10^9 (nano-units) = digits x 10^(9 + exponent - point), compared where exact.
          const shift = 9 + exponent - point;
          if (shift >= 0) expect(parseDecimal(parsed.value)).toBe(digits * 10n ** BigInt(shift));
          else
            expect(parseDecimal(parsed.value) * 10n ** BigInt(-shift) - digits).toBeLessThanOrEqual(
              10n ** BigInt(-shift),
            );
        },
      ),
    );
  });
});

describe('utcInstant', () => {
  it.each([
    ['2026-01-01T00:00:00Z', '2026-01-01T00:00:00.000Z'],
    ['2026-01-01T00:00:00.123456Z', '2026-01-01T00:00:00.123Z'],
    ['2026-01-01 05:30:00', '2026-01-01T05:30:00.000Z'],
    ['2026-01-01', '2026-01-01T00:00:00.000Z'],
    ['2026-03-29T03:00:00+02:00', '2026-03-29T01:00:00.000Z'],
    ['2026-10-25T02:30:00+0100', '2026-10-25T01:30:00.000Z'],
    ['2026-12-31T24:00:00Z', '2027-01-01T00:00:00.000Z'],
    ['2024-02-29T12:00:00Z', '2024-02-29T12:00:00.000Z'],
    ['2026-01-01T00:00:00UTC', '2026-01-01T00:00:00.000Z'],
  ])('%s', (text, expected) => {
    expect(utcInstant(text)).toEqual({ ok: true, value: expected });
  });

  it.each([
    '2025-02-29T00:00:00Z',
    '2026-13-01T00:00:00Z',
    '2026-01-01T25:00:00Z',
    '2026-01-01T24:00:01Z',
    '01.01.2026',
    'yesterday',
    '',
  ])('refuses %j', (text) => {
    expect(utcInstant(text).ok).toBe(false);
  });
});

describe('tagsCell', () => {
  it('keeps a tag named __proto__ as a plain tag', () => {
    const parsed = tagsCell('{"__proto__":"x","a":null,"b":true}');
    expect(parsed.ok && { ...parsed.value }).toEqual({ ['__proto__']: 'x', a: '', b: 'true' });
    expect(parsed.ok && Object.getPrototypeOf(parsed.value)).toBeNull();
  });

  it.each(['', '[]', '"x"', '{"a":{"b":1}}', '{bad json}'])('refuses %j', (text) => {
    expect(tagsCell(text).ok).toBe(false);
  });
});
