import { easterSunday } from './easter-sunday.ts';

/** The 16 German federal states (Länder) by their official two-letter codes. */
export const federalStates = [
  'BW',
  'BY',
  'BE',
  'BB',
  'HB',
  'HH',
  'HE',
  'MV',
  'NI',
  'NW',
  'RP',
  'SL',
  'SN',
  'ST',
  'SH',
  'TH',
] as const;

export type FederalState = (typeof federalStates)[number];

export interface PublicHoliday {
  /** Calendar date `YYYY-MM-DD` (a local date, no time zone). */
  readonly date: string;
  /** German name as used in the Land's Feiertagsgesetz. */
  readonly name: string;
}

type Rule = (year: number, state: FederalState) => { month: number; day: number; name: string } | undefined;

const all = (): boolean => true;
const inStates =
  (...states: FederalState[]) =>
  (_year: number, state: FederalState): boolean =>
    states.includes(state);

function fixed(
  month: number,
  day: number,
  name: string,
  applies: (year: number, state: FederalState) => boolean,
): Rule {
  return (year, state) => (applies(year, state) ? { month, day, name } : undefined);
}

function easterOffset(
  offset: number,
  name: string,
  applies: (year: number, state: FederalState) => boolean,
): Rule {
  return (year, state) => {
    if (!applies(year, state)) return undefined;
    const easter = easterSunday(year);
    const date = new Date(Date.UTC(year, easter.month - 1, easter.day + offset));
    return { month: date.getUTCMonth() + 1, day: date.getUTCDate(), name };
  };
}

/** Buß- und Bettag: the Wednesday before 23 November (so between 16 and 22 November). */
function repentanceDay(applies: (year: number, state: FederalState) => boolean): Rule {
  return (year, state) => {
    if (!applies(year, state)) return undefined;
    const nov22 = new Date(Date.UTC(year, 10, 22));
    const back = (nov22.getUTCDay() - 3 + 7) % 7;
    return { month: 11, day: 22 - back, name: 'Buß- und Bettag' };
  };
}

/**
 * Rules from the holiday laws of the Länder (Feiertagsgesetze / Sonn- und Feiertagsgesetze) as in
 * force in 2026, with their start years where a day was added recently: Internationaler Frauentag
 * in Berlin (2019) and Mecklenburg-Vorpommern (2023), Weltkindertag in Thüringen (2019),
 * Reformationstag in Bremen, Hamburg, Niedersachsen and Schleswig-Holstein (2018, by amendments of
 * each state's law that year), the nationwide Reformationstag of 2017 (500 years of Reformation,
 * decided by every Land), and the Berlin Tag der Befreiung of 2020 and 2025 (one-off laws). Ostern-
 * and Pfingstsonntag are listed for BB and HE because their laws name them. Holidays that only hold in some communes are a
 * deliberate choice per state:
 * - Mariä Himmelfahrt in BY holds only in communes with a catholic majority (about 1,700 of 2,056,
 *   covering most of the population); we count it for the whole of BY, because for load planning
 *   the majority behaviour matters more than the exceptions.
 * - Fronleichnam in some Sorbian communes of SN and catholic communes of TH, and the Augsburger
 *   Friedensfest (Augsburg only) are not included.
 */
const rules: readonly Rule[] = [
  fixed(1, 1, 'Neujahr', all),
  fixed(1, 6, 'Heilige Drei Könige', inStates('BW', 'BY', 'ST')),
  fixed(3, 8, 'Internationaler Frauentag', (y, s) => (s === 'BE' && y >= 2019) || (s === 'MV' && y >= 2023)),
  easterOffset(-2, 'Karfreitag', all),
  easterOffset(0, 'Ostersonntag', inStates('BB', 'HE')),
  easterOffset(1, 'Ostermontag', all),
  fixed(5, 1, 'Tag der Arbeit', all),
  // One-off days by Berlin state law: 75th and 80th anniversary of the end of the Second World War.
  fixed(5, 8, 'Tag der Befreiung', (y, s) => s === 'BE' && (y === 2020 || y === 2025)),
  easterOffset(39, 'Christi Himmelfahrt', all),
  easterOffset(49, 'Pfingstsonntag', inStates('BB', 'HE')),
  easterOffset(50, 'Pfingstmontag', all),
  easterOffset(60, 'Fronleichnam', inStates('BW', 'BY', 'HE', 'NW', 'RP', 'SL')),
  fixed(8, 15, 'Mariä Himmelfahrt', inStates('BY', 'SL')),
  fixed(9, 20, 'Weltkindertag', (y, s) => s === 'TH' && y >= 2019),
  fixed(10, 3, 'Tag der Deutschen Einheit', (y) => y >= 1990),
  fixed(
    10,
    31,
    'Reformationstag',
    (y, s) =>
      y === 2017 ||
      ['BB', 'MV', 'SN', 'ST', 'TH'].includes(s) ||
      (y >= 2018 && ['HB', 'HH', 'NI', 'SH'].includes(s)),
  ),
  fixed(11, 1, 'Allerheiligen', inStates('BW', 'BY', 'NW', 'RP', 'SL')),
  // Abolished nationwide from 1995 (to fund the long-term care insurance); Saxony kept it.
  repentanceDay((y, s) => s === 'SN' || y <= 1994),
  fixed(12, 25, '1. Weihnachtstag', all),
  fixed(12, 26, '2. Weihnachtstag', all),
];

const pad = (n: number): string => String(n).padStart(2, '0');

/**
 * Public holidays of one federal state in one year, derived from the rules (no table per year),
 * sorted by date.
 *
 * @example
 * publicHolidays(2026, 'SN').find((h) => h.name === 'Buß- und Bettag');
 * // { date: '2026-11-18', name: 'Buß- und Bettag' }
 */
export function publicHolidays(year: number, state: FederalState): PublicHoliday[] {
  const out: PublicHoliday[] = [];
  for (const rule of rules) {
    const hit = rule(year, state);
    if (hit) out.push({ date: `${year}-${pad(hit.month)}-${pad(hit.day)}`, name: hit.name });
  }
  return out.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
}

const cache = new Map<string, Map<string, string>>();

/**
 * The name of the public holiday on a local calendar date (`YYYY-MM-DD`), or `undefined`.
 * Results per state and year are memoised: the forecaster asks once per day of history.
 *
 * @example
 * findPublicHoliday('2026-06-04', 'BY'); // 'Fronleichnam'
 */
export function findPublicHoliday(date: string, state: FederalState): string | undefined {
  const year = Number(date.slice(0, 4));
  const key = `${state}${year}`;
  let byDate = cache.get(key);
  if (!byDate) {
    byDate = new Map(publicHolidays(year, state).map((h) => [h.date, h.name]));
    cache.set(key, byDate);
  }
  return byDate.get(date.slice(0, 10));
}

/**
 * Whether a local calendar date (`YYYY-MM-DD`) is a public holiday in the state.
 *
 * @example
 * isPublicHoliday('2026-10-31', 'SN'); // true
 * isPublicHoliday('2026-10-31', 'BY'); // false
 */
export function isPublicHoliday(date: string, state: FederalState): boolean {
  return findPublicHoliday(date, state) !== undefined;
}

/**
 * Narrows a string to a `FederalState`.
 *
 * @example
 * isFederalState('BY'); // true
 */
export function isFederalState(value: unknown): value is FederalState {
  return typeof value === 'string' && (federalStates as readonly string[]).includes(value);
}
