import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseDecimal, parseTimestamp } from './parse-timestamp.ts';

describe('parseTimestamp', () => {
  it.each([
    ['2026-11-23T10:00:00Z', Date.UTC(2026, 10, 23, 10)],
    ['2026-11-23T10:00:00.123Z', Date.UTC(2026, 10, 23, 10, 0, 0, 123)],
    ['2026-11-23T10:00:00.123456789Z', Date.UTC(2026, 10, 23, 10, 0, 0, 123)],
    ['2026-11-23T10:00:00,5Z', Date.UTC(2026, 10, 23, 10, 0, 0, 500)],
    ['2026-11-23 10:00Z', Date.UTC(2026, 10, 23, 10)],
    ['2026-11-23T11:00:00+01:00', Date.UTC(2026, 10, 23, 10)],
    ['2026-11-23T11:00:00+0100', Date.UTC(2026, 10, 23, 10)],
    ['2026-11-23T05:30:00-04:30', Date.UTC(2026, 10, 23, 10)],
    ['2026-03-29T03:00:00+02:00', Date.UTC(2026, 2, 29, 1)],
    ['2024-02-29T00:00:00Z', Date.UTC(2024, 1, 29)],
    ['2000-02-29', Date.UTC(2000, 1, 29)],
    ['2026-11-23', Date.UTC(2026, 10, 23)],
    ['1795428000000', 1795428000000],
    [1795428000000, 1795428000000],
    [1795428000000.9, 1795428000000],
  ])('%j', (raw, expected) => {
    expect(parseTimestamp(raw)).toEqual({ ok: true, value: expected });
  });

  it.each([
    ['2026-02-29T00:00:00Z', /not a calendar date/],
    ['1900-02-29', /not a calendar date/],
    ['2026-13-01T00:00:00Z', /not a calendar date/],
    ['2026-04-31', /not a calendar date/],
    ['2026-11-23T10:00:00', /no UTC offset/],
    ['2026-11-23T24:00:00Z', /out of range/],
    ['2026-11-23T10:60:00Z', /out of range/],
    ['2026-11-23T10:00:00+19:00', /out of range/],
    ['yesterday', /neither ISO 8601 nor epoch/],
    ['', /neither/],
    [Number.NaN, /not a finite number/],
    [Number.POSITIVE_INFINITY, /not a finite number/],
    [null, /must be a string or a number, got null/],
    [{}, /got an object/],
  ])('refuses %j', (raw, reason) => {
    const result = parseTimestamp(raw);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toMatch(reason);
  });

  it('agrees with Date for every valid ISO instant', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('2000-01-01'), max: new Date('2100-01-01'), noInvalidDate: true }),
        (d) => {
          expect(parseTimestamp(d.toISOString())).toEqual({ ok: true, value: d.getTime() });
        },
      ),
    );
  });
});

describe('parseDecimal', () => {
  it.each([
    ['0', 0],
    ['-0.5', -0.5],
    ['+3', 3],
    ['.5', 0.5],
    ['5.', 5],
    ['1e3', 1000],
    ['1.5E-3', 0.0015],
    ['12345678901234567890', 1.2345678901234567e19],
  ])('%j', (raw, value) => {
    expect(parseDecimal(raw)).toEqual({ ok: true, value });
  });

  it.each([
    ['', 'not a decimal'],
    [' 1', 'not a decimal'],
    ['0x10', 'not a decimal'],
    ['NaN', 'not a decimal'],
    ['Infinity', 'not a decimal'],
    ['1e999', 'overflows'],
    ['1,5', 'not a decimal'],
  ])('refuses %j', (raw, reason) => {
    const result = parseDecimal(raw);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toContain(reason);
  });
});
