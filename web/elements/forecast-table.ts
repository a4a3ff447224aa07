import { html, type TemplateResult } from 'lit';
import type { CsvValue } from '../../src/domain/csv-text.ts';
import type { ForecastData } from '../api/load-forecast.ts';
import type { Formatters } from '../format/formatters.ts';
import { metricLabel, unitLabel } from '../format/metric-label.ts';
import { type Lang, t } from '../i18n.ts';

interface Row {
  t: number;
  capacity?: number | undefined;
  actual?: number | undefined;
  mean?: number | undefined;
  bands: (number | undefined)[];
}

function rows(data: ForecastData, from: number): { levels: number[]; rows: Row[] } {
  const levels = data.forecast.bands.map((b) => b.level);
  const out: Row[] = [];
  const h = data.history;
  for (let i = 0; i < h.t.length; i++) {
    if ((h.t[i] as number) >= from) out.push({ t: h.t[i] as number, actual: h.v[i], bands: [] });
  }
  const f = data.forecast;
  const steps = data.capacity;
  let s = 0;
  for (let i = 0; i < f.t.length; i++) {
    const at = f.t[i] as number;
    while (s < steps.length && (steps[s]?.to ?? 0) <= at) s++;
    const step = steps[s];
    out.push({
      t: at,
      capacity: step && step.from <= at ? step.value : undefined,
      mean: f.mean[i],
      bands: f.bands.flatMap((b) => [b.lower[i], b.upper[i]]),
    });
  }
  return { levels, rows: out };
}

/** The chart's data as a table: the accessible alternative, rendered only when opened. */
export function forecastTable(data: ForecastData, from: number, fmt: Formatters, lang: Lang): TemplateResult {
  const { levels, rows: all } = rows(data, from);
  const n = (v: number | undefined) => (v === undefined ? '' : fmt.number(v));
  return html`<table tabindex="0">
    <caption class="visually-hidden">${t(lang, 'forecastTitle')}: ${metricLabel(lang, data.metric)} (${unitLabel(lang, data.unit)})</caption>
    <thead><tr>
      <th scope="col">${t(lang, 'time')}</th>
      <th scope="col" class="num">${t(lang, 'actual')}</th>
      <th scope="col" class="num">${t(lang, 'mean')}</th>
      ${data.capacity.length ? html`<th scope="col" class="num">${t(lang, 'capacity')}</th>` : ''}
      ${levels.flatMap((level) => [
        html`<th scope="col" class="num">${t(lang, 'lower', { level })}</th>`,
        html`<th scope="col" class="num">${t(lang, 'upper', { level })}</th>`,
      ])}
    </tr></thead>
    <tbody>${all.map(
      (r) => html`<tr>
        <th scope="row">${fmt.dateTime(r.t)}</th>
        <td class="num">${n(r.actual)}</td>
        <td class="num">${n(r.mean)}</td>
        ${data.capacity.length ? html`<td class="num">${n(r.capacity)}</td>` : ''}
        ${levels.flatMap((_, i) => [html`<td class="num">${n(r.bands[2 * i])}</td>`, html`<td class="num">${n(r.bands[2 * i + 1])}</td>`])}
      </tr>`,
    )}</tbody>
  </table>`;
}

/**
 * CSV rows: time in UTC and in the tenant's zone, actual, mean, planned capacity and band
 * limits, for `csvText` (values to four significant digits).
 */
export function forecastCsvRows(data: ForecastData, zone: string): CsvValue[][] {
  const { levels, rows: all } = rows(data, Number.NEGATIVE_INFINITY);
  return [
    [
      { de: 'Zeit (UTC)', en: 'Time (UTC)' },
      { de: `Zeit (${zone})`, en: `Time (${zone})` },
      { de: 'Metrik', en: 'Metric' },
      { de: 'Einheit', en: 'Unit' },
      { de: 'Ist', en: 'Actual' },
      { de: 'Mittel', en: 'Mean' },
      { de: 'Geplante Kapazität', en: 'Planned capacity' },
      ...levels.flatMap((l) => [
        { de: `Untergrenze ${l} %`, en: `Lower ${l} %` },
        { de: `Obergrenze ${l} %`, en: `Upper ${l} %` },
      ]),
    ],
    ...all.map((r) => [
      { instant: r.t },
      { instant: r.t, zone },
      data.metric,
      data.unit,
      r.actual,
      r.mean,
      r.capacity,
      ...levels.flatMap((_, i) => [r.bands[2 * i], r.bands[2 * i + 1]]),
    ]),
  ];
}
