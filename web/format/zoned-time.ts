import { tzOffsetMs } from '../../src/domain/zone-offset.ts';

// Times are shown in the tenant's zone (not the viewer's), so a Bavarian office-hours peak reads
// as 10:00 for a reader in Lisbon too. Intl is the only time-zone database a browser ships.

/**
 * The zone's offset from UTC at an instant, in milliseconds.
 *
 * @example zoneOffsetMs(Date.UTC(2026, 6, 1), 'Europe/Berlin') // 7_200_000
 */
export function zoneOffsetMs(ms: number, zone: string): number {
  return tzOffsetMs(zone, ms);
}

/**
 * The local calendar date `YYYY-MM-DD` of an instant in a zone.
 *
 * @example localDate(Date.UTC(2026, 0, 1, 23, 30), 'Europe/Berlin') // '2026-01-02'
 */
export function localDate(ms: number, zone: string): string {
  return new Date(ms + zoneOffsetMs(ms, zone)).toISOString().slice(0, 10);
}

/**
 * The instant a local calendar date (`YYYY-MM-DD`) begins in a zone; right across DST changes.
 *
 * @example startOfLocalDate('2026-03-29', 'Europe/Berlin') // Date.UTC(2026, 2, 28, 23)
 */
export function startOfLocalDate(date: string, zone: string): number {
  const naive = Date.parse(`${date}T00:00:00Z`);
  const guess = naive - zoneOffsetMs(naive, zone);
  return naive - zoneOffsetMs(guess, zone);
}

/**
 * Local midnights in [from, to], every `everyDays` days: the x-axis ticks.
 *
 * @example localMidnights(Date.UTC(2026, 0, 1), Date.UTC(2026, 0, 3), 'UTC', 1).length // 3
 */
export function localMidnights(from: number, to: number, zone: string, everyDays: number): number[] {
  const out: number[] = [];
  let date = localDate(from, zone);
  let t = startOfLocalDate(date, zone);
  if (t < from) {
    date = nextDate(date, 1);
    t = startOfLocalDate(date, zone);
  }
  while (t <= to && out.length < 400) {
    out.push(t);
    date = nextDate(date, everyDays);
    t = startOfLocalDate(date, zone);
  }
  return out;
}

function nextDate(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/**
 * An instant as the value of an `<input type="datetime-local">` in a zone (minutes).
 *
 * @example localInputValue(Date.UTC(2026, 8, 27, 6), 'Europe/Berlin') // '2026-09-27T08:00'
 */
export function localInputValue(ms: number, zone: string): string {
  return new Date(ms + zoneOffsetMs(ms, zone)).toISOString().slice(0, 16);
}

/**
 * The instant of a `datetime-local` value read as local time in a zone; NaN for no valid value. A
 * local time that a DST change skips is read with the offset before the change.
 *
 * @example fromLocalInput('2026-09-27T08:00', 'Europe/Berlin') // Date.UTC(2026, 8, 27, 6)
 */
export function fromLocalInput(value: string, zone: string): number {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(value)) return Number.NaN;
  const naive = Date.parse(`${value}:00Z`);
  const guess = naive - zoneOffsetMs(naive, zone);
  return naive - zoneOffsetMs(guess, zone);
}
