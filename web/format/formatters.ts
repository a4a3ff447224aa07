/** Intl formatters for one locale and one time zone, made once per render. */
export interface Formatters {
  readonly locale: string;
  readonly zone: string;
  number(value: number): string;
  percent(fraction: number): string;
  dateTime(ms: number): string;
  date(ms: number): string;
  day(ms: number): string;
  hour(ms: number): string;
}

const cache = new Map<string, Formatters>();

/**
 * Formatters for the page's locale and the tenant's time zone (cached per pair).
 *
 * @example formatters('de-DE', 'Europe/Berlin').number(1234.5) // '1.234,5'
 */
export function formatters(locale: string, zone: string): Formatters {
  const key = `${locale}|${zone}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const number = new Intl.NumberFormat(locale, { maximumSignificantDigits: 3, maximumFractionDigits: 2 });
  const big = new Intl.NumberFormat(locale, { maximumFractionDigits: 0 });
  const percent = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 0 });
  const dateTime = new Intl.DateTimeFormat(locale, {
    timeZone: zone,
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  });
  const date = new Intl.DateTimeFormat(locale, {
    timeZone: zone,
    day: 'numeric',
    month: 'short',
    year: 'numeric',
  });
  const day = new Intl.DateTimeFormat(locale, { timeZone: zone, day: 'numeric', month: 'short' });
  const hour = new Intl.DateTimeFormat(locale, { timeZone: zone, hour: '2-digit', minute: '2-digit' });
  const made: Formatters = {
    locale,
    zone,
    number: (v) => (Math.abs(v) >= 1000 ? big.format(v) : number.format(v)),
    percent: (f) => percent.format(f),
    dateTime: (ms) => dateTime.format(ms),
    date: (ms) => date.format(ms),
    day: (ms) => day.format(ms),
    hour: (ms) => hour.format(ms),
  };
  cache.set(key, made);
  return made;
}

/**
 * A calendar date of the API (YYYY-MM-DD, no time zone) in the same style as `date`.
 *
 * @example calendarDate('de-DE', '2026-01-01') // '1. Jan. 2026'
 */
export function calendarDate(locale: string, date: string): string {
  return formatters(locale, 'UTC').date(Date.parse(`${date}T00:00:00Z`));
}

/**
 * A calendar month of the API (YYYY-MM) in the same style ("Jan. 2026").
 *
 * @example calendarMonth('de-DE', '2026-01') // 'Jan. 2026'
 */
export function calendarMonth(locale: string, month: string): string {
  return new Intl.DateTimeFormat(locale, { month: 'short', year: 'numeric', timeZone: 'UTC' }).format(
    Date.parse(`${month}-01T00:00:00Z`),
  );
}
