import type { FxRateEntry } from '../cost/price-catalog.ts';
import { daysBetween } from '../domain/calendar-day.ts';
import type { CurrencyRates } from '../ingest/fx/parse-ecb-csv.ts';

/** What a lookup found: the rate to use as published, or why there is none to use. */
export type RateFinding =
  | { readonly kind: 'found'; readonly entry: FxRateEntry }
  | { readonly kind: 'missing' | 'stale'; readonly detail: string };

/** The rate for converting `from` into `to` on `day` (see `rateHistory`). */
export type RateLookup = (from: string, to: string, day: string) => RateFinding;

export interface RateLayers {
  /** The tenant's own rates (entered or imported): they win over every other on the same day. */
  readonly own: readonly FxRateEntry[];
  /** Rates shared by every tenant (the built-in price catalog's). */
  readonly shared: readonly FxRateEntry[];
  /** The ECB reference rates, 1 EUR = x units, by currency; the last resort. */
  readonly reference: ReadonlyMap<string, CurrencyRates>;
  /** A rate older than this many days before the day is refused, not used. */
  readonly maxAgeDays: number;
}

interface Pair {
  readonly dates: string[];
  readonly entries: FxRateEntry[];
}

/**
 * Rates as the ECB recommends using them for accounting: the rate of the day, else the last one
 * published before it (weekends, TARGET holidays), however far back, but never one older than
 * `maxAgeDays` (then the lookup says which rate it found and how old it is). Either direction
 * counts: 1 EUR = 1.1684 USD converts USD into EUR as well as a rate entered as 1 USD = 0.8559 EUR.
 * On a day with several rates the tenant's own wins, then the shared one, then the ECB's.
 *
 * @example
 * const lookup = rateHistory({ own: [], shared: [], reference: ecb.byCurrency, maxAgeDays: 14 });
 * lookup('USD', 'EUR', '2026-04-12'); // { kind: 'found', entry: { base: 'EUR', quote: 'USD', rate: '1.1711', date: '2026-04-10', source: 'ECB' } }
 */
export function rateHistory(layers: RateLayers): RateLookup {
  const pairs = new Map<string, Pair>();
  const pairOf = (a: string, b: string): Pair => {
    const key = a < b ? `${a}/${b}` : `${b}/${a}`;
    let pair = pairs.get(key);
    if (pair !== undefined) return pair;
    const byDate = new Map<string, FxRateEntry>();
    const matches = (e: FxRateEntry) => (e.base === a && e.quote === b) || (e.base === b && e.quote === a);
    for (const entry of layers.own)
      if (matches(entry) && !byDate.has(entry.date)) byDate.set(entry.date, entry);
    for (const entry of layers.shared)
      if (matches(entry) && !byDate.has(entry.date)) byDate.set(entry.date, entry);
    const other = a === 'EUR' ? b : b === 'EUR' ? a : undefined;
    const reference = other === undefined ? undefined : layers.reference.get(other);
    if (other !== undefined && reference !== undefined) {
      reference.dates.forEach((date, index) => {
        if (!byDate.has(date))
          byDate.set(date, { base: 'EUR', quote: other, rate: reference.rates[index]!, date, source: 'ECB' });
      });
    }
    const dates = [...byDate.keys()].sort();
    pair = { dates, entries: dates.map((date) => byDate.get(date)!) };
    pairs.set(key, pair);
    return pair;
  };
  // A bill has thousands of charges per day: each pair and day is looked up once.
  const answers = new Map<string, RateFinding>();
  return (from, to, day) => {
    const key = `${from}/${to}@${day}`;
    let answer = answers.get(key);
    if (answer === undefined) {
      answer = find(from, to, day);
      answers.set(key, answer);
    }
    return answer;
  };

  function find(from: string, to: string, day: string): RateFinding {
    const { dates, entries } = pairOf(from, to);
    // The last date on or before `day`.
    let low = 0;
    let high = dates.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (dates[mid]! <= day) low = mid + 1;
      else high = mid;
    }
    const entry = entries[low - 1];
    if (entry === undefined) {
      const first = dates[0] ? ` (the first is of ${dates[0]})` : '';
      return {
        kind: 'missing',
        detail: `no ${from}/${to} exchange rate on or before ${day}${first}: add one (POST /v1/exchange-rates) or import an ECB file (lastplan fx import)`,
      };
    }
    const age = daysBetween(entry.date, day) - 1;
    if (age > layers.maxAgeDays) {
      return {
        kind: 'stale',
        detail: `the latest ${from}/${to} exchange rate on or before ${day} is of ${entry.date}, ${age} days earlier, more than the ${layers.maxAgeDays} days allowed (LASTPLAN_FX_MAX_AGE_DAYS): import a newer ECB file (lastplan fx import) or add the rate (POST /v1/exchange-rates)`,
      };
    }
    return { kind: 'found', entry };
  }
}
