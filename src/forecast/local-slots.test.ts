import { describe, expect, it } from 'vitest';
import { isTimeZone, tzOffsetMs } from '../domain/zone-offset.ts';
import { localSlots } from './local-slots.ts';

const HOUR = 3_600_000;

describe('tzOffsetMs', () => {
  it.each([
    ['Europe/Berlin', Date.UTC(2026, 0, 15), 3_600_000],
    ['Europe/Berlin', Date.UTC(2026, 6, 15), 7_200_000],
    ['America/New_York', Date.UTC(2026, 0, 15), -18_000_000],
    ['Asia/Seoul', Date.UTC(2026, 6, 15), 32_400_000],
    ['UTC', Date.UTC(2026, 6, 15), 0],
  ])('%s at %i', (zone, t, offset) => {
    expect(tzOffsetMs(zone, t)).toBe(offset);
  });

  it('knows valid zones only', () => {
    expect(isTimeZone('Europe/Berlin')).toBe(true);
    expect(isTimeZone('UTC')).toBe(true);
    expect(isTimeZone('Europe/Kiev')).toBe(true);
    expect(isTimeZone('Europe/Atlantis')).toBe(false);
  });

  it('reads the same offsets from Date in a process whose TZ is the zone', () => {
    const zones = ['Europe/Berlin', 'America/New_York', 'Australia/Melbourne', 'Asia/Kolkata'];
    const hours = Array.from({ length: 24 * 400 }, (_, i) => Date.UTC(2026, 0, 1) + i * HOUR + 1_800_000);
    const viaIntl = zones.map((zone) => hours.map((t) => tzOffsetMs(zone, t)));
    const before = process.env.TZ;
    try {
      zones.forEach((zone, z) => {
        process.env.TZ = zone;
        expect(hours.map((t) => tzOffsetMs(zone, t))).toEqual(viaIntl[z]);
      });
    } finally {
      if (before === undefined) delete process.env.TZ;
      else process.env.TZ = before;
    }
    // Both sides changed offset in the year: the comparison covered a daylight-saving change.
    expect(new Set(viaIntl[0]).size).toBe(2);
  });
});

describe('localSlots', () => {
  it('skips 02:00 on the last Sunday of March in Berlin', () => {
    const s = localSlots(Date.UTC(2026, 2, 28, 23), HOUR, 4, 'Europe/Berlin');
    expect([...s.daySlot]).toEqual([0, 1, 3, 4]);
  });

  it('repeats 02:00 on the last Sunday of October in Berlin', () => {
    const s = localSlots(Date.UTC(2026, 9, 24, 23), HOUR, 4, 'Europe/Berlin');
    expect([...s.daySlot]).toEqual([1, 2, 2, 3]);
  });

  it('numbers the week from Monday 00:00 local time', () => {
    // Monday 5 January 2026, 00:00 in Berlin is Sunday 23:00 UTC.
    const s = localSlots(Date.UTC(2026, 0, 4, 23), HOUR, 2, 'Europe/Berlin');
    expect([...s.weekSlot]).toEqual([0, 1]);
  });

  it('counts a public holiday of the state as a Sunday', () => {
    // Fronleichnam, Thursday 4 June 2026, 10:00 local (08:00 UTC).
    const t = Date.UTC(2026, 5, 4, 8);
    expect(localSlots(t, HOUR, 1, 'Europe/Berlin').weekSlot[0]).toBe(3 * 24 + 10);
    expect(localSlots(t, HOUR, 1, 'Europe/Berlin', 'BY').weekSlot[0]).toBe(6 * 24 + 10);
    expect(localSlots(t, HOUR, 1, 'Europe/Berlin', 'BE').weekSlot[0]).toBe(3 * 24 + 10);
  });

  it('keeps profiles no finer than a minute', () => {
    const s = localSlots(Date.UTC(2026, 0, 5, 0, 1, 30), 1000, 2, 'UTC');
    expect(s.slotsPerDay).toBe(1440);
    expect([...s.daySlot]).toEqual([1, 1]);
  });

  it('maps 5-minute and daily grids', () => {
    expect(localSlots(Date.UTC(2026, 0, 5, 0, 10), 300_000, 1, 'UTC').daySlot[0]).toBe(2);
    const daily = localSlots(Date.UTC(2026, 0, 5, 12), 86_400_000, 7, 'UTC');
    expect(daily.slotsPerDay).toBe(1);
    expect([...daily.weekSlot]).toEqual([0, 1, 2, 3, 4, 5, 6]);
  });
});
