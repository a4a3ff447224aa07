import { type FederalState, isPublicHoliday } from '../calendar/public-holidays.ts';
import { tzOffsetMs } from '../domain/zone-offset.ts';

const DAY_MS = 86_400_000;
const MAX_SLOTS_PER_DAY = 1440;

/** Where each step of a grid falls in local time. */
export interface LocalSlots {
  /** Slots per local day (24 for hourly data, 288 for 5-minute data, 1 for daily, at most 1,440). */
  readonly slotsPerDay: number;
  /** Slot within the local day. */
  readonly daySlot: Int32Array;
  /** Slot within the local week, Monday 00:00 first; public holidays count as Sundays. */
  readonly weekSlot: Int32Array;
  /** Local calendar day as days since 1970-01-01. */
  readonly localDay: Int32Array;
}

/**
 * Maps a regular UTC grid to slots of the local day and week, so that daily and weekly profiles are
 * learned in wall-clock time and a daylight-saving change does not shift them. Offsets are looked up
 * once per UTC day and per step only on days where the offset changes (transitions fall on whole
 * hours in every zone we serve).
 *
 * @example
 * const s = localSlots(Date.UTC(2026, 2, 28, 22), 3_600_000, 4, 'Europe/Berlin');
 * [...s.daySlot]; // [23, 0, 1, 3]: 02:00 does not exist on 29 March 2026
 */
export function localSlots(
  start: number,
  stepMs: number,
  length: number,
  timeZone: string,
  federalState?: FederalState,
): LocalSlots {
  // Profiles go no finer than a minute: second-level grids share their minute's slot.
  const slotsPerDay = Math.min(MAX_SLOTS_PER_DAY, Math.max(1, Math.round(DAY_MS / stepMs)));
  const slotMs = DAY_MS / slotsPerDay;
  const daySlot = new Int32Array(length);
  const weekSlot = new Int32Array(length);
  const localDay = new Int32Array(length);
  const dayOffsets = new Map<number, [number, number]>();
  const holidays = new Map<number, boolean>();
  for (let i = 0; i < length; i++) {
    const t = start + i * stepMs;
    const utcDay = Math.floor(t / DAY_MS);
    let pair = dayOffsets.get(utcDay);
    if (!pair) {
      pair = [tzOffsetMs(timeZone, utcDay * DAY_MS), tzOffsetMs(timeZone, (utcDay + 1) * DAY_MS)];
      dayOffsets.set(utcDay, pair);
    }
    const offset = pair[0] === pair[1] ? pair[0] : tzOffsetMs(timeZone, t);
    const local = t + offset;
    const day = Math.floor(local / DAY_MS);
    const slot = Math.min(slotsPerDay - 1, Math.floor((local - day * DAY_MS) / slotMs));
    let dow = (((day + 3) % 7) + 7) % 7;
    if (federalState) {
      let holiday = holidays.get(day);
      if (holiday === undefined) {
        holiday = isPublicHoliday(new Date(day * DAY_MS).toISOString().slice(0, 10), federalState);
        holidays.set(day, holiday);
      }
      if (holiday) dow = 6;
    }
    daySlot[i] = slot;
    weekSlot[i] = dow * slotsPerDay + slot;
    localDay[i] = day;
  }
  return { slotsPerDay, daySlot, weekSlot, localDay };
}
