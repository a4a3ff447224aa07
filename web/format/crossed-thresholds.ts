import { type Lang, t } from '../i18n.ts';

/**
 * A threshold crossed, as a grant's or budget line's status lists it. Spelt out here because
 * `format/` sits below `api/`; the elements pass the generated type, which the type-check holds
 * to this one.
 */
export interface CrossedThreshold {
  readonly key: string;
  readonly measure: 'actual' | 'forecast' | 'unspent-at-expiry';
  readonly threshold: number | null;
}

/**
 * The thresholds a grant or budget line has crossed, in words: spent ones first, then those the
 * forecast crosses, each by its percentage; `undefined` when none is crossed.
 *
 * @example
 * crossedText('de', [{ key: 'k', measure: 'forecast', threshold: 80 }, { key: 'j', measure: 'actual', threshold: 50 }]);
 * // 'Überschrittene Schwellen: 50 % ausgegeben, 80 % laut Prognose'
 */
export function crossedText(
  lang: Lang,
  crossed: readonly CrossedThreshold[] | undefined,
): string | undefined {
  if (!crossed?.length) return undefined;
  const order = { actual: 0, forecast: 1, 'unspent-at-expiry': 2 } as const;
  const words = [...crossed]
    .sort((a, b) => order[a.measure] - order[b.measure] || (a.threshold ?? 0) - (b.threshold ?? 0))
    .map((c) =>
      c.measure === 'unspent-at-expiry'
        ? t(lang, 'alertUnspent')
        : t(lang, c.measure === 'actual' ? 'alertActual' : 'alertForecast', { threshold: c.threshold ?? '' }),
    );
  return t(lang, 'grantAlerts', { alerts: words.join(', ') });
}
