// A plan sized on a quantile and a chart that draws bands must name the same number the same way:
// the planning quantile is the upper end of a central band, and that band gives it its name.

/**
 * Level (percent) of the central band whose upper end is quantile `q`.
 *
 * @example
 * bandLevel(0.975); // 95
 */
export function bandLevel(q: number): number {
  return Number(((2 * q - 1) * 100).toFixed(6));
}

/**
 * The name of the upper end of a central band, the same in plan reasons, plan summaries, widgets
 * and the dashboard: "95 % band" (English) or "95-%-Band" (German) for quantile 0.975.
 *
 * @example
 * bandLabel(0.975, 'de'); // "95-%-Band"
 * bandLabel(0.95); // "90 % band"
 */
export function bandLabel(q: number, lang: 'de' | 'en' = 'en'): string {
  const level = bandLevel(q);
  return lang === 'de' ? `${String(level).replace('.', ',')}-%-Band` : `${level} % band`;
}
