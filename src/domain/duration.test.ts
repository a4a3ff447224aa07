import { describe, expect, it } from 'vitest';
import { parseDuration } from './duration.ts';

describe('parseDuration', () => {
  it.each([
    ['90d', 90 * 86_400_000],
    ['12h', 12 * 3_600_000],
    ['30m', 30 * 60_000],
    ['2w', 14 * 86_400_000],
    ['1y', 365 * 86_400_000],
    ['P14D', 14 * 86_400_000],
    ['PT12H', 12 * 3_600_000],
    ['P1DT12H', 36 * 3_600_000],
    ['P2W', 14 * 86_400_000],
  ])('%s', (text, ms) => expect(parseDuration(text)).toBe(ms));

  it.each(['', 'P', 'PT', '90', 'd', '-1d', '1.5d', 'P0D', 'forever'])('rejects %j', (text) => {
    expect(parseDuration(text)).toBeUndefined();
  });
});
