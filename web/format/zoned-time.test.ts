import { describe, expect, it } from 'vitest';
import { localDate, localMidnights, startOfLocalDate, zoneOffsetMs } from './zoned-time.ts';

describe('zoned time', () => {
  it.each([
    [Date.UTC(2026, 0, 15, 12), 'Europe/Berlin', 3_600_000],
    [Date.UTC(2026, 6, 15, 12), 'Europe/Berlin', 7_200_000],
    [Date.UTC(2026, 6, 15, 12), 'UTC', 0],
    [Date.UTC(2026, 6, 15, 12, 0, 0, 500), 'America/New_York', -14_400_000],
  ])('offset at %i in %s is %i', (ms, zone, offset) => {
    expect(zoneOffsetMs(ms, zone)).toBe(offset);
  });

  it.each([
    ['2026-03-29', 'Europe/Berlin', Date.UTC(2026, 2, 28, 23)],
    ['2026-03-30', 'Europe/Berlin', Date.UTC(2026, 2, 29, 22)],
    ['2026-10-25', 'Europe/Berlin', Date.UTC(2026, 9, 24, 22)],
    ['2026-10-26', 'Europe/Berlin', Date.UTC(2026, 9, 25, 23)],
    ['2024-02-29', 'UTC', Date.UTC(2024, 1, 29)],
  ])('%s begins in %s at the right instant (DST days)', (date, zone, start) => {
    expect(startOfLocalDate(date, zone)).toBe(start);
    expect(localDate(start, zone)).toBe(date);
  });

  it('gives one tick per local midnight across a DST change, none when the range is empty', () => {
    const ticks = localMidnights(Date.UTC(2026, 2, 27), Date.UTC(2026, 2, 31), 'Europe/Berlin', 1);
    expect(ticks.map((t) => localDate(t, 'Europe/Berlin'))).toEqual([
      '2026-03-28',
      '2026-03-29',
      '2026-03-30',
      '2026-03-31',
    ]);
    expect(ticks[2]! - ticks[1]!).toBe(23 * 3_600_000);
    expect(localMidnights(10, 5, 'UTC', 1)).toEqual([]);
  });
});
