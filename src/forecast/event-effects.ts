import type { EventKind } from '../domain/event-kinds.ts';
import type { ForecastBand } from './forecast-types.ts';

export interface ForecastEvent {
  readonly kind: EventKind;
  readonly name: string;
  /** Start and end instants (epoch ms, end exclusive). */
  readonly start: number;
  readonly end: number;
  /** User estimate: 0.8 means +80 %. Used when no past event of the same kind is in the history. */
  readonly expectedUplift?: number | undefined;
}

export interface EventEffect {
  readonly name: string;
  readonly kind: EventKind;
  readonly start: number;
  readonly end: number;
  /** Relative uplift applied (0.8 = +80 %) or measured (past events). */
  readonly uplift: number;
  /** `learned` from past events of the kind, `expected` from the user's figure, `past` for a measured one. */
  readonly source: 'learned' | 'expected' | 'past' | 'none';
  /** Number of past events of the same kind the uplift rests on. */
  readonly occurrences: number;
  readonly lowUplift: number;
  readonly highUplift: number;
}

/**
 * For each step of a grid, the index of the event covering it plus one (0 = none). A step covers
 * `[t, t + stepMs)`; later events win where two overlap.
 *
 * @example
 * eventIndex([{ kind: 'election', name: 'Wahl', start: 7_200_000, end: 10_800_000 }], 0, 3_600_000, 4);
 * // Int32Array [0, 0, 1, 0]
 */
export function eventIndex(
  events: readonly ForecastEvent[],
  start: number,
  stepMs: number,
  length: number,
): Int32Array {
  const out = new Int32Array(length);
  events.forEach((e, k) => {
    const from = Math.max(0, Math.floor((e.start - start) / stepMs));
    const to = Math.min(length, Math.ceil((e.end - start) / stepMs));
    for (let i = from; i < to; i++) {
      const t = start + i * stepMs;
      if (t < e.end && t + stepMs > e.start) out[i] = k + 1;
    }
  });
  return out;
}

/**
 * Measures past events and derives the uplift of each event from past occurrences of its kind.
 * A past event's uplift is (sum of actuals) / (sum of the forecast made just before it) - 1 over its
 * steps; the model skipped those steps while fitting, so an event neither bends the profiles nor
 * the level. Future events take the mean over past events of their kind, else the user's figure.
 *
 * @example
 * const effects = eventEffects(events, index, actual, baseline, lastObserved);
 */
export function eventEffects(
  events: readonly ForecastEvent[],
  index: Int32Array,
  actual: Float64Array,
  baseline: Float64Array,
  observedSteps: number,
): EventEffect[] {
  const sumActual = new Float64Array(events.length);
  const sumBase = new Float64Array(events.length);
  const seen = new Int32Array(events.length);
  const limit = Math.min(observedSteps, index.length, actual.length);
  for (let i = 0; i < limit; i++) {
    const k = (index[i] as number) - 1;
    if (k < 0 || Number.isNaN(actual[i] as number) || Number.isNaN(baseline[i] as number)) continue;
    sumActual[k] = (sumActual[k] as number) + (actual[i] as number);
    sumBase[k] = (sumBase[k] as number) + (baseline[i] as number);
    seen[k] = (seen[k] as number) + 1;
  }
  const measured = events.map((_, k) =>
    (seen[k] as number) > 0 && (sumBase[k] as number) > 0
      ? (sumActual[k] as number) / (sumBase[k] as number) - 1
      : undefined,
  );
  return events.map((e, k) => {
    const own = measured[k];
    const isPast = (seen[k] as number) > 0;
    if (isPast && own !== undefined) {
      return { ...pick(e), uplift: own, source: 'past', occurrences: 1, lowUplift: own, highUplift: own };
    }
    const past = events
      .map((other, j) => (other.kind === e.kind && j !== k && other.end <= e.start ? measured[j] : undefined))
      .filter((u): u is number => u !== undefined);
    if (past.length > 0) {
      const mean = past.reduce((a, b) => a + b, 0) / past.length;
      return {
        ...pick(e),
        uplift: mean,
        source: 'learned',
        occurrences: past.length,
        lowUplift: Math.min(...past),
        highUplift: Math.max(...past),
      };
    }
    if (e.expectedUplift !== undefined && Number.isFinite(e.expectedUplift)) {
      const u = e.expectedUplift;
      // A figure someone typed in is uncertain: the band spans half to one and a half times it.
      return {
        ...pick(e),
        uplift: u,
        source: 'expected',
        occurrences: 0,
        lowUplift: u * 0.5,
        highUplift: u * 1.5,
      };
    }
    return { ...pick(e), uplift: 0, source: 'none', occurrences: 0, lowUplift: 0, highUplift: 0 };
  });
}

function pick(e: ForecastEvent): Pick<EventEffect, 'name' | 'kind' | 'start' | 'end'> {
  return { name: e.name, kind: e.kind, start: e.start, end: e.end };
}

const kindWords: Record<EventKind, [string, string]> = {
  election: ['election', 'elections'],
  deadline: ['deadline', 'deadlines'],
  'application-window': ['application window', 'application windows'],
  campaign: ['campaign', 'campaigns'],
  maintenance: ['maintenance', 'maintenances'],
  custom: ['event', 'events'],
};

const numberWords = ['no', 'the previous', 'the previous two', 'the previous three', 'the previous four'];

/** German: dative singular with article, dative plural ("wie bei der letzten Wahl / den letzten zwei Wahlen"). */
const kindWordsDe: Record<EventKind, [string, string]> = {
  election: ['der letzten Wahl', 'Wahlen'],
  deadline: ['der letzten Frist', 'Fristen'],
  'application-window': ['dem letzten Antragszeitraum', 'Antragszeiträumen'],
  campaign: ['der letzten Kampagne', 'Kampagnen'],
  maintenance: ['der letzten Wartung', 'Wartungen'],
  custom: ['dem letzten Ereignis', 'Ereignissen'],
};
const numberWordsDe = ['', '', 'zwei', 'drei', 'vier', 'fünf', 'sechs'];

/**
 * An uplift as every view shows it: signed whole percent, grouped as the language groups
 * thousands, with a space before the sign as in German typesetting.
 *
 * @example
 * effectPercent(17.88, 'de'); // '+1.788 %'
 * effectPercent(-0.25, 'en'); // '−25 %'
 */
export function effectPercent(uplift: number, lang: 'en' | 'de' = 'en'): string {
  const whole = Math.round(Math.abs(uplift) * 100);
  const digits = new Intl.NumberFormat(lang === 'de' ? 'de-DE' : 'en-GB', { useGrouping: true }).format(
    whole,
  );
  return `${whole === 0 ? '±' : uplift > 0 ? '+' : '−'}${digits} %`;
}

/**
 * What an event does to the forecast and where that figure comes from, in one phrase: an
 * event's effect is how much higher (or lower) the load is over the event's hours than the
 * forecast without any event for the same hours. Past events are measured that way; a coming one
 * takes the mean of the past events of its kind, else the expected uplift someone entered.
 *
 * @example
 * effectSummary({ kind: 'election', source: 'learned', occurrences: 2, uplift: 4.72 }, 'de');
 * // '+472 % wie bei den letzten zwei Wahlen'
 */
export function effectSummary(
  effect: Pick<EventEffect, 'kind' | 'source' | 'occurrences' | 'uplift'>,
  lang: 'en' | 'de' = 'en',
): string {
  const pct = effectPercent(effect.uplift, lang);
  if (lang === 'de') {
    const [one, many] = kindWordsDe[effect.kind];
    if (effect.source === 'learned') {
      const count = numberWordsDe[effect.occurrences] || String(effect.occurrences);
      return `${pct} wie bei ${effect.occurrences === 1 ? one : `den letzten ${count} ${many}`}`;
    }
    if (effect.source === 'past') return `${pct} gemessen`;
    if (effect.source === 'expected') return `${pct} wie von Ihnen erwartet`;
    return 'kein Zuwachs bekannt';
  }
  const [one, many] = kindWords[effect.kind];
  if (effect.source === 'learned') {
    const count = numberWords[effect.occurrences] ?? `the previous ${effect.occurrences}`;
    return `${pct} on ${count} ${effect.occurrences === 1 ? one : many}`;
  }
  if (effect.source === 'past') return `${pct} measured`;
  if (effect.source === 'expected') return `${pct} as expected by you`;
  return 'no uplift known';
}

/**
 * One sentence on an event's effect, e.g. "Bundestagswahl on 2029-09-23: +180 % on the previous
 * three elections".
 *
 * @example
 * describeEffect(effect, '2029-09-23');
 */
export function describeEffect(effect: EventEffect, localDate: string, lang: 'en' | 'de' = 'en'): string {
  const summary = effectSummary(effect, lang);
  if (lang === 'de') {
    const date = localDate.replace(/^(\d{4})-(\d{2})-(\d{2})$/, '$3.$2.$1');
    const tail =
      effect.source === 'past'
        ? `bisher ${effectPercent(effect.uplift, 'de')}, angenommen wird, dass es so bleibt`
        : effect.source === 'expected'
          ? `${summary} (nichts Vergleichbares in den Daten, aus dem zu lernen wäre)`
          : effect.source === 'none'
            ? 'kein Zuwachs bekannt (nichts Vergleichbares in den Daten und kein erwarteter Zuwachs)'
            : summary;
    return `${effect.name} am ${date}: ${tail}`;
  }
  const [one] = kindWords[effect.kind];
  const tail =
    effect.source === 'past'
      ? `${effectPercent(effect.uplift)} so far, assumed to continue`
      : effect.source === 'expected'
        ? `${summary} (no past ${one} in the history to learn from)`
        : effect.source === 'none'
          ? `no uplift known (no past ${one} in the history and no expected uplift)`
          : summary;
  return `${effect.name} on ${localDate}: ${tail}`;
}

/**
 * Applies learned or expected uplifts to the forecast steps inside future events: the mean by the
 * uplift, the bands by the lowest and highest uplift seen (mutates the fresh arrays given).
 *
 * @example
 * applyEventEffects(effects, index, n, mean, bands);
 */
export function applyEventEffects(
  effects: EventEffect[],
  index: Int32Array,
  n: number,
  mean: number[],
  bands: ForecastBand[],
): void {
  for (let h = 0; h < mean.length; h++) {
    const k = (index[n + h] as number) - 1;
    const e = effects[k];
    // An event under way at the forecast origin ('past' with steps ahead) keeps its uplift so far.
    if (!e || e.source === 'none') continue;
    const m = mean[h] as number;
    mean[h] = m + e.uplift * Math.abs(m);
    for (const band of bands) {
      band.lower[h] = Math.min(
        mean[h] as number,
        (band.lower[h] as number) + e.lowUplift * Math.abs(band.lower[h] as number),
      );
      band.upper[h] = Math.max(
        mean[h] as number,
        (band.upper[h] as number) + e.highUplift * Math.abs(band.upper[h] as number),
      );
    }
  }
}
