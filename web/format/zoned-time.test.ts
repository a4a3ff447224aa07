import { describe, expect, it } from 'vitest';
import {
  fromLocalInput,
  localDate,
  localInputValue,
  localMidnights,
  startOfLocalDate,
  zoneOffsetMs,
} from './zoned-time.ts';

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

  it.each([
    ['2026-09-27T08:00', 'Europe/Berlin', Date.UTC(2026, 8, 27, 6)],
    ['2026-01-15T08:00', 'Europe/Berlin', Date.UTC(2026, 0, 15, 7)],
    ['2026-10-25T01:30', 'Europe/Berlin', Date.UTC(2026, 9, 24, 23, 30)],
    ['2026-03-29T03:30', 'Europe/Berlin', Date.UTC(2026, 2, 29, 1, 30)],
    ['2026-07-01T00:00', 'UTC', Date.UTC(2026, 6, 1)],
  ])('reads the input value %s in %s as its instant, and writes it back', (value, zone, ms) => {
    expect(fromLocalInput(value, zone)).toBe(ms);
    expect(localInputValue(ms, zone)).toBe(value);
  });

  it('reads no value from an empty or malformed input', () => {
    expect(fromLocalInput('', 'Europe/Berlin')).toBeNaN();
    expect(fromLocalInput('27.09.2026 08:00', 'Europe/Berlin')).toBeNaN();
  });
});
