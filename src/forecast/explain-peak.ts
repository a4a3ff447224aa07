import { tzOffsetMs } from '../domain/zone-offset.ts';
import { describeEffect, type EventEffect } from './event-effects.ts';
import type { ForecastBand } from './forecast-types.ts';

export interface PeakContext {
  readonly timestamps: readonly number[];
  readonly mean: readonly number[];
  readonly trend: readonly number[];
  readonly effects: readonly EventEffect[];
  /** Event index per step (history then horizon), 0 = none. */
  readonly index: Int32Array;
  readonly n: number;
  readonly timeZone: string;
  readonly model: string;
  readonly stepMs: number;
  /** The band quoted next to the peak (95 % when asked for, else the widest). */
  readonly band?: { readonly level: number; readonly upper: readonly number[] } | undefined;
}

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const two = (v: number): string => String(v).padStart(2, '0');

/** Local date (and weekday and time) of an instant, from the offset that the slots use too. */
function localLabel(t: number, timeZone: string, withTime: boolean): string {
  const local = new Date(t + tzOffsetMs(timeZone, t));
  const date = `${local.getUTCFullYear()}-${two(local.getUTCMonth() + 1)}-${two(local.getUTCDate())}`;
  return withTime
    ? `${WEEKDAYS[local.getUTCDay()]} ${date} ${two(local.getUTCHours())}:${two(local.getUTCMinutes())}`
    : date;
}

const fmt = (v: number): string =>
  Math.abs(v) >= 1e6 || (Math.abs(v) < 0.01 && v !== 0) ? v.toExponential(2) : `${Number(v.toPrecision(3))}`;

/**
 * One short sentence on what drives the highest point of the forecast, in English or German.
 *
 * @example
 * explainPeak(ctx); // 'Bundestagswahl on 2029-09-23: +180 % on the previous three elections'
 * explainPeak(ctx, 'de'); // 'Bundestagswahl am 23.09.2029: +180 % wie bei den letzten drei Wahlen'
 */
export function explainPeak(ctx: PeakContext, lang: 'en' | 'de' = 'en'): string {
  const de = lang === 'de';
  const { mean, timestamps, trend } = ctx;
  if (ctx.model === 'empty') {
    return de
      ? 'Noch keine Messwerte: die Prognose ist 0, bis Daten ankommen.'
      : 'No observations yet: the forecast is 0 until data arrive.';
  }
  if (mean.length === 0) return de ? 'Nichts zu prognostizieren.' : 'Nothing to forecast.';
  let peak = 0;
  for (let h = 1; h < mean.length; h++) if ((mean[h] as number) > (mean[peak] as number)) peak = h;
  const k = (ctx.index[ctx.n + peak] as number) - 1;
  const effect = ctx.effects[k];
  if (effect && effect.source !== 'none') {
    const date = de
      ? germanLabel(effect.start, ctx.timeZone, false)
      : localLabel(effect.start, ctx.timeZone, false);
    return describeEffect(effect, date, lang);
  }
  const when = localLabel(timestamps[peak] as number, ctx.timeZone, ctx.stepMs < 86_400_000);
  const first = trend[0] as number;
  const last = trend[trend.length - 1] as number;
  const change = first !== 0 ? (last - first) / Math.abs(first) : 0;
  const percent = Math.round(Math.abs(change) * 100);
  const upper = ctx.band?.upper[peak];
  const hasRange = upper !== undefined && upper > (mean[peak] as number);
  if (de) {
    const drift =
      Math.abs(change) >= 0.05
        ? `, bei einem über den Zeitraum um ${percent} % ${change > 0 ? 'steigenden' : 'fallenden'} Niveau`
        : '';
    const driver = ctx.model.includes('weekly')
      ? 'dem Wochenprofil'
      : ctx.model.includes('daily')
        ? 'dem Tagesprofil'
        : ctx.model.startsWith('naive')
          ? 'den letzten Werten (zu wenig Verlauf für Profile)'
          : 'dem aktuellen Niveau';
    const range = hasRange ? ` (bis ${fmtDe(upper)} bei ${ctx.band?.level} %)` : '';
    const whenDe = germanLabel(timestamps[peak] as number, ctx.timeZone, ctx.stepMs < 86_400_000);
    return `Spitze von ${fmtDe(mean[peak] as number)}${range} am ${whenDe} (${ctx.timeZone}) folgt ${driver}${drift}.`;
  }
  const drift =
    Math.abs(change) >= 0.05
      ? `, with the level ${change > 0 ? 'rising' : 'falling'} ${percent} % over the horizon`
      : '';
  const driver = ctx.model.includes('weekly')
    ? 'the weekly profile'
    : ctx.model.includes('daily')
      ? 'the daily profile'
      : ctx.model.startsWith('naive')
        ? 'the last values (too little history for profiles)'
        : 'the current level';
  const range = hasRange ? ` (up to ${fmt(upper)} at ${ctx.band?.level} %)` : '';
  return `Peak of ${fmt(mean[peak] as number)}${range} on ${when} (${ctx.timeZone}) follows ${driver}${drift}.`;
}

const WOCHENTAGE = ['So.', 'Mo.', 'Di.', 'Mi.', 'Do.', 'Fr.', 'Sa.'];
const MONATE = [
  'Jan.',
  'Feb.',
  'März',
  'Apr.',
  'Mai',
  'Juni',
  'Juli',
  'Aug.',
  'Sept.',
  'Okt.',
  'Nov.',
  'Dez.',
];

/**
 * The date (and time) in the German style the dashboard shows everywhere ("Mo., 1. Feb. 2027,
 * 08:00", as Intl's de-DE short format writes it), so the sentence reads like the figures around
 * it. Written out by hand: the first de-DE Intl.DateTimeFormat of a process loads the German locale
 * data, which cost a fresh `forecast --stdin-json` some 50 ms for a sentence it does not print.
 */
export function germanLabel(t: number, timeZone: string, withTime: boolean): string {
  const local = new Date(t + tzOffsetMs(timeZone, t));
  const date = `${local.getUTCDate()}. ${MONATE[local.getUTCMonth()]} ${local.getUTCFullYear()}`;
  return withTime
    ? `${WOCHENTAGE[local.getUTCDay()]}, ${date}, ${two(local.getUTCHours())}:${two(local.getUTCMinutes())}`
    : date;
}
const fmtDe = (v: number): string => fmt(v).replace('.', ',');

/**
 * The explanation in English and German, quoting the 95 % band when there is one, else the widest.
 *
 * @example
 * const { explanation, explanationDe } = explainForecast({ timestamps, mean, trend, effects, index, n, timeZone, model, stepMs, bands });
 */
export function explainForecast(
  ctx: Omit<PeakContext, 'band'> & { readonly bands: readonly ForecastBand[] },
): { explanation: string; explanationDe: string } {
  const full = { ...ctx, band: ctx.bands.find((b) => b.level === 95) ?? ctx.bands[ctx.bands.length - 1] };
  return { explanation: explainPeak(full), explanationDe: explainPeak(full, 'de') };
}
