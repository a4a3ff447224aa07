import { parseDuration } from '../../src/domain/duration.ts';
import { typedDecimal } from './decimal-text.ts';

/**
 * A positive or zero decimal as typed, with a comma or a point (`12,5`, `12.5`, `40`); undefined
 * for anything else (thousands separators included: "1.000" would be ambiguous).
 *
 * @example decimalInput('12,5') // 12.5
 */
export function decimalInput(text: string): number | undefined {
  const decimal = typedDecimal(text, 6);
  return decimal === undefined ? undefined : Number(decimal);
}

/**
 * A whole number as typed (`0`, `12`); undefined for anything else.
 *
 * @example wholeInput('12') // 12
 */
export function wholeInput(text: string): number | undefined {
  return /^\d{1,7}$/.test(text.trim()) ? Number(text.trim()) : undefined;
}

/**
 * Hours of an ISO-8601 duration the API stores (`PT2H`, `P1D`, `PT0H`, `PT30M`); undefined for text
 * that is none.
 *
 * @example durationHours('P1D') // 24
 */
export function durationHours(iso: string): number | undefined {
  if (/^P(T?0+[DHMSW]?|0+[DW]|T0+[HMS])$/.test(iso)) return 0;
  const ms = parseDuration(iso);
  return ms === undefined ? undefined : ms / 3_600_000;
}

/**
 * Hours as the API's ISO-8601 duration: whole hours as `PT{n}H`, a fraction in whole minutes.
 *
 * @example hoursDuration(1.5) // 'PT90M'
 */
export function hoursDuration(hours: number): string {
  if (Number.isInteger(hours)) return `PT${hours}H`;
  return `PT${Math.round(hours * 60)}M`;
}

/**
 * The headroom in percent kept free above the demand, from the planned utilisation (0.7 → 30).
 *
 * @example headroomPercent(0.7) // 30
 */
export function headroomPercent(targetUtilisation: number): number {
  return Math.round((1 - targetUtilisation) * 1e6) / 1e4;
}

/**
 * The planned utilisation from the headroom in percent (30 → 0.7).
 *
 * @example utilisationOf(30) // 0.7
 */
export function utilisationOf(headroom: number): number {
  return Math.round((100 - headroom) * 1e7) / 1e9;
}
