import { type Lang, t } from '../i18n.ts';
import type { Formatters } from './formatters.ts';

const DAY = 86_400_000;

/** The part of a forecast's backtest the widget puts into words (see ForecastDto in src/forecast-service). */
export interface BacktestSummary {
  readonly mase: number | null;
  readonly maseSeasonalNaive?: number | null | undefined;
  readonly origins?: number | undefined;
  readonly coverage: readonly { level: number; observed: number | null; widening?: number | undefined }[];
  /** The recent stretch the coverage was measured on (ISO-8601). */
  readonly from?: string | undefined;
  readonly to?: string | undefined;
}

export interface CertaintyText {
  /** How often the actual load stayed inside the bands lately, as a count of 100. */
  readonly sentence: string | undefined;
  /** Set when the backtest showed the bands too narrow. */
  readonly warning: string | undefined;
  /** The statistician's figures (MASE), for a details line. */
  readonly details: string | undefined;
}

/** Below these shares of held-out points inside a band, the bands were too narrow to trust as they were. */
const NARROW = { 80: 0.7, 95: 0.9 } as const;

/**
 * Says how sure a forecast is, in words a non-statistician reads: "In den letzten 4 Wochen lag die
 * tatsächliche Last in 93 von 100 Stunden im 95-%-Band", a warning when the backtest shows the bands
 * too narrow, and MASE only in the details. `stepMs` is the forecast's step (hours or days).
 *
 * @example
 * certaintyText(backtest, 'de', formatters('de-DE', 'Europe/Berlin'), 3_600_000).sentence;
 */
export function certaintyText(
  backtest: BacktestSummary | null | undefined,
  lang: Lang,
  fmt: Formatters,
  stepMs: number,
): CertaintyText {
  if (!backtest) return { sentence: undefined, warning: undefined, details: undefined };
  const share = (level: 80 | 95): number | undefined => {
    const observed = backtest.coverage.find((c) => c.level === level)?.observed;
    return observed === null || observed === undefined || !Number.isFinite(observed) ? undefined : observed;
  };
  const in80 = share(80);
  const in95 = share(95);
  const from = backtest.from ? Date.parse(backtest.from) : Number.NaN;
  const to = backtest.to ? Date.parse(backtest.to) : Number.NaN;
  const days = Math.round((to - from) / DAY);
  const span = !(days >= 2)
    ? t(lang, 'certaintyRecently')
    : days >= 14
      ? t(lang, 'certaintyWeeks', { n: Math.round(days / 7) })
      : t(lang, 'certaintyDays', { n: days });
  const unit = t(lang, stepMs >= DAY ? 'certaintyUnitDays' : 'certaintyUnitHours');
  const of100 = (x: number): number => Math.round(x * 100);
  let sentence: string | undefined;
  if (in95 !== undefined) {
    sentence = t(lang, in80 === undefined ? 'certainty95' : 'certainty', {
      span,
      n95: of100(in95),
      n80: in80 === undefined ? '' : of100(in80),
      unit,
    });
    const ratio =
      backtest.mase !== null && backtest.maseSeasonalNaive
        ? backtest.mase / backtest.maseSeasonalNaive
        : Number.NaN;
    if (Number.isFinite(ratio)) {
      sentence += ` ${t(lang, ratio <= 1 ? 'certaintyBetter' : 'certaintyWorse', { pct: fmt.percent(Math.abs(1 - ratio)) })}`;
    }
  }
  const narrow = (in95 !== undefined && in95 < NARROW[95]) || (in80 !== undefined && in80 < NARROW[80]);
  const widening = backtest.coverage.find((c) => c.level === 95)?.widening ?? 1;
  const warning = narrow
    ? t(lang, widening > 1.005 ? 'certaintyNarrowWidened' : 'certaintyNarrow', {
        pct: fmt.percent(widening - 1),
      })
    : undefined;
  const details =
    backtest.mase !== null
      ? t(lang, 'certaintyDetails', {
          mase: fmt.number(backtest.mase),
          naive:
            backtest.maseSeasonalNaive === null || backtest.maseSeasonalNaive === undefined
              ? '–'
              : fmt.number(backtest.maseSeasonalNaive),
          origins: backtest.origins ?? '–',
        })
      : undefined;
  return { sentence, warning, details };
}
