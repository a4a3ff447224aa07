import { calendarDate, calendarMonth } from './formatters.ts';

/** A billing period of a cost import, read from its key. */
export interface CostPeriod {
  /** FOCUS: the invoice issuer; plain: the `source` the file was imported as. */
  readonly source: string;
  /** FOCUS: the billing account; plain: none. */
  readonly account: string | undefined;
  /** First day, YYYY-MM-DD. */
  readonly first: string;
  /** Last day (inclusive), YYYY-MM-DD. */
  readonly last: string;
}

const DAY = 86_400_000;
const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/**
 * The period key of the import API (`issuer|account|start/end` for FOCUS, with the end
 * exclusive; `plain|source|YYYY-MM` for plain files) as source and days; undefined for a key of
 * another shape.
 *
 * @example costPeriod('plain|RZ|2026-02') // { source: 'RZ', account: undefined, first: '2026-02-01', last: '2026-02-28' }
 */
export function costPeriod(key: string): CostPeriod | undefined {
  const parts = key.split('|');
  const period = parts.at(-1) ?? '';
  if (parts[0] === 'plain' && parts.length >= 3 && /^\d{4}-\d{2}$/.test(period)) {
    const start = Date.parse(`${period}-01T00:00:00Z`);
    const next = new Date(start);
    next.setUTCMonth(next.getUTCMonth() + 1);
    return {
      source: parts.slice(1, -1).join('|'),
      account: undefined,
      first: isoDay(start),
      last: isoDay(next.getTime() - DAY),
    };
  }
  const [from = '', to = ''] = period.split('/');
  const start = Date.parse(from);
  const end = Date.parse(to);
  if (parts.length < 3 || Number.isNaN(start) || Number.isNaN(end) || end <= start) return undefined;
  return {
    source: parts[0] ?? '',
    account: parts.slice(1, -1).join('|'),
    first: isoDay(start),
    last: isoDay(Math.ceil(end / DAY) * DAY - DAY),
  };
}

/**
 * The days of a period in words: a whole calendar month as the month ("März 2026"), else the
 * first and the last day.
 *
 * @example periodText('de-DE', { first: '2026-03-01', last: '2026-03-31', … }) // 'März 2026'
 */
export function periodText(locale: string, period: Pick<CostPeriod, 'first' | 'last'>): string {
  const month = period.first.slice(0, 7);
  const wholeMonth =
    period.first.endsWith('-01') &&
    period.last.slice(0, 7) === month &&
    isoDay(Date.parse(`${period.last}T00:00:00Z`) + DAY).endsWith('-01');
  if (wholeMonth) return calendarMonth(locale, month);
  if (period.first === period.last) return calendarDate(locale, period.first);
  return `${calendarDate(locale, period.first)} – ${calendarDate(locale, period.last)}`;
}
