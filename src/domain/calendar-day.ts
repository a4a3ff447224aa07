/**
 * Calendar days as `YYYY-MM-DD` strings and months as `YYYY-MM`. Finance works in whole days:
 * strings compare in date order, need no time zone and print as they are.
 */
const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Checks a `YYYY-MM-DD` day and returns it; throws a RangeError for anything else. */
export function calendarDay(text: string): string {
  const match = DAY.exec(text);
  if (match) {
    const [, y, m, d] = match;
    const date = new Date(Date.UTC(Number(y), Number(m) - 1, Number(d)));
    if (date.getUTCMonth() === Number(m) - 1 && date.getUTCDate() === Number(d)) return text;
  }
  throw new RangeError(`not a calendar day (YYYY-MM-DD): ${JSON.stringify(text)}`);
}

/** The UTC day of an instant (a Date or an ISO string). */
export function dayOf(instant: Date | string): string {
  return (typeof instant === 'string' ? new Date(instant) : instant).toISOString().slice(0, 10);
}

export function addDays(day: string, days: number): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

/** Days from `from` to `to`, both included (0 when `to` is before `from`). */
export function daysBetween(from: string, to: string): number {
  const ms = Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`);
  return Math.max(0, Math.round(ms / 86_400_000) + 1);
}

export function monthOf(day: string): string {
  return day.slice(0, 7);
}

/** Every month from the month of `from` to the month of `to`, in order. */
export function monthsBetween(from: string, to: string): string[] {
  const months: string[] = [];
  let year = Number(from.slice(0, 4));
  let month = Number(from.slice(5, 7));
  const last = monthOf(to);
  for (;;) {
    const key = `${year}-${String(month).padStart(2, '0')}`;
    if (key > last) break;
    months.push(key);
    month++;
    if (month > 12) {
      month = 1;
      year++;
    }
  }
  return months;
}

/** The last day of a `YYYY-MM` month. */
export function lastDayOfMonth(month: string): string {
  const date = new Date(Date.UTC(Number(month.slice(0, 4)), Number(month.slice(5, 7)), 0));
  return date.toISOString().slice(0, 10);
}

/** The clock as a parameter: a Date (its UTC day) or a `YYYY-MM-DD` day. Never read from the system. */
export type AsOf = Date | string;

/**
 * The day an `asOf` stands for.
 *
 * @example
 * asOfDay(new Date('2026-06-30T23:30:00Z')); // '2026-06-30'
 * asOfDay('2026-06-30');                     // '2026-06-30'
 */
export function asOfDay(asOf: AsOf): string {
  return typeof asOf === 'string' ? calendarDay(asOf) : dayOf(asOf);
}
