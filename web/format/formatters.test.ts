import { describe, expect, it } from 'vitest';
import { formatters } from './formatters.ts';

describe('formatters', () => {
  it.each([
    ['de-DE', 1234.5, '1.235'],
    ['de-DE', 12.345, '12,3'],
    ['en-GB', 1234.5, '1,235'],
    ['en-GB', 0.004567, '0.00457'],
    ['de-DE', 3e12, '3.000.000.000.000'],
  ])('%s formats %d as %s', (locale, value, text) => {
    expect(formatters(locale, 'UTC').number(value)).toBe(text);
  });

  it('shows times in the tenant zone, not the reader zone', () => {
    const noonUtc = Date.UTC(2026, 6, 1, 12);
    expect(formatters('de-DE', 'Europe/Berlin').hour(noonUtc)).toBe('14:00');
    expect(formatters('en-GB', 'UTC').hour(noonUtc)).toBe('12:00');
  });
});
