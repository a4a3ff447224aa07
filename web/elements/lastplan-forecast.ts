import { initialState } from '@lit/task';
import { css, html, LitElement, nothing } from 'lit';
import { bandLabel } from '../../src/domain/band-label.ts';
import { asApiError } from '../api/client.ts';
import { type ForecastData, loadForecast } from '../api/load-forecast.ts';
import { type CursorPoint, forecastChart, pointNear } from '../chart/forecast-chart.ts';
import { type ChartBox, forecastGeometry } from '../chart/forecast-geometry.ts';
import { certaintyText } from '../format/certainty-text.ts';
import { downloadCsv } from '../format/csv.ts';
import { formatters } from '../format/formatters.ts';
import { metricLabel, unitLabel } from '../format/metric-label.ts';
import { langOf, localeOf, t } from '../i18n.ts';
import { elementStyles } from '../styles/element-styles.ts';
import { forecastCsvRows, forecastTable } from './forecast-table.ts';
import { renderState, taskState, viewTask } from './view-state.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/**
 * `<lastplan-forecast>`: history and forecast of one metric of a service, with 80 and 95 % bands,
 * events and public holidays marked, the peak called out in words, a table and a CSV export.
 *
 * @example
 * <script type="module" src="https://planner.example/widgets.js"></script>
 * <lastplan-forecast api="https://planner.example" token="lp_…" service="3f2a…" lang="de"></lastplan-forecast>
 *
 * Attributes: `api` (server base URL; default the page's origin), `token` (API or embed token),
 * `service` (service id), `series` (series id, instead of service + metric), `metric` (default
 * `requests_per_second`), `horizon` (ISO duration, default `P14D`), `history-days` (default 28),
 * `capacity` (planned capacity in the metric's unit, drawn as a line), `plan` (a plan id: its
 * instances × capacity per instance drawn as a step line), `lang` (de | en).
 * Events: `lastplan-load` (detail: `{ metric, unit, effects }`, effects being each event's effect
 * on this series as the forecast uses it: `{ name, kind, start, uplift, source, occurrences }`)
 * when data arrive, `lastplan-error` (detail:
 * `{ title, detail, status }`). Parts: `header`, `peak`, `certainty` (how often the bands held),
 * `warning` (bands too narrow), `toolbar`, `chart`, `svg`, `legend`, `table`, `status`. Custom
 * properties: `--lastplan-font`, `--lastplan-fg`, `--lastplan-accent`, `--lastplan-forecast`,
 * `--lastplan-band-80`, `--lastplan-band-95`, `--lastplan-event`, `--lastplan-holiday`,
 * `--lastplan-capacity`, `--lastplan-border`, `--lastplan-error`, `--lastplan-warning`,
 * `--lastplan-warning-bg`,
 * `--lastplan-chart-height`. Method: `reload()` refreshes without blanking what is shown.
 */
export class LastplanForecast extends LitElement {
  static override properties = {
    api: { type: String },
    token: { type: String },
    session: { type: Boolean },
    service: { type: String },
    series: { type: String },
    metric: { type: String },
    horizon: { type: String },
    historyDays: { type: Number, attribute: 'history-days' },
    capacity: { type: Number },
    plan: { type: String },
    cursor: { state: true },
    rangeDays: { state: true },
    width: { state: true },
    tableOpen: { state: true },
  };

  static override styles = [
    elementStyles,
    css`
      header { display: flex; flex-wrap: wrap; gap: 0.5rem 1rem; align-items: baseline; justify-content: space-between; }
      h2 { font-size: 1.05rem; margin: 0; }
      .peak-text { margin: 0.4rem 0; font-weight: 600; }
      .explanation, .backtest, .zone, .details { margin: 0.2rem 0; }
      .details { font-size: 0.85em; }
      .warning {
        margin: 0.4rem 0;
        padding: 0.4rem 0.6rem;
        border-left: 4px solid var(--lastplan-warning, #b35900);
        background: var(--lastplan-warning-bg, #fff4e5);
        color: #5c2e00;
      }
      .toolbar { display: flex; flex-wrap: wrap; gap: 0.4rem; align-items: center; margin: 0.4rem 0; }
      .chart { position: relative; outline-offset: 4px; }
      svg { display: block; overflow: visible; }
      .grid line { stroke: var(--_border); stroke-opacity: 0.35; }
      .xaxis line { stroke: currentColor; }
      .tick, .peak-label, .effect-label { fill: currentColor; font-size: 11px; }
      .peak-label { font-weight: 600; }
      .band-95 { fill: var(--_band-95); }
      .band-80 { fill: var(--_band-80); fill-opacity: 0.7; }
      .history { fill: none; stroke: var(--_accent); stroke-width: 1.5; }
      .mean { fill: none; stroke: var(--_forecast); stroke-width: 2; stroke-dasharray: 5 3; }
      .capacity { fill: none; stroke: var(--_capacity); stroke-width: 2; stroke-dasharray: 8 4; }
      .now { stroke: currentColor; stroke-opacity: 0.6; stroke-dasharray: 2 3; }
      rect.event { fill: var(--_event); fill-opacity: 0.18; }
      rect.holiday { fill: var(--_holiday); fill-opacity: 0.18; }
      .peak { fill: var(--_forecast); stroke: #fff; stroke-width: 1.5; }
      .cursor { stroke: currentColor; stroke-opacity: 0.7; }
      .dot-mean { fill: var(--_forecast); }
      .dot-actual { fill: var(--_accent); }
      .readout { min-height: 1.4em; margin: 0.2rem 0; font-variant-numeric: tabular-nums; }
      .legend { display: flex; flex-wrap: wrap; gap: 0.3rem 1rem; padding: 0; margin: 0.4rem 0; list-style: none; font-size: 0.9em; }
      .legend i { display: inline-block; width: 1.2em; height: 0.7em; margin-right: 0.3em; vertical-align: middle; }
      .table-wrap { max-height: 24rem; overflow: auto; }
      summary { cursor: pointer; margin: 0.4rem 0; }
      [aria-busy='true'] .chart { opacity: 0.75; }
      @media print {
        .chart { break-inside: avoid; }
        svg { max-width: 100%; }
        .band-95, .band-80, rect.event, rect.holiday { print-color-adjust: exact; -webkit-print-color-adjust: exact; }
      }
    `,
  ];

  api = '';
  token = '';
  /** Authenticate by the page's session cookie instead of a token (the dashboard, same origin). */
  session = false;
  service = '';
  series = '';
  metric = 'requests_per_second';
  horizon = 'P14D';
  historyDays = 28;
  capacity = 0;
  plan = '';
  cursor: CursorPoint | undefined;
  rangeDays = 0;
  width = 720;
  tableOpen = false;
  #resize: ResizeObserver | undefined;

  override connectedCallback(): void {
    super.connectedCallback();
    this.#resize = new ResizeObserver(([entry]) => {
      const w = Math.round(entry?.contentRect.width ?? 0);
      if (w > 200 && Math.abs(w - this.width) > 4) this.width = w;
    });
    this.#resize.observe(this);
    // The first Intl.DateTimeFormat loads time-zone data (about 15 ms); do it while the request
    // is on the wire, not after the data arrived.
    setTimeout(() => formatters(localeOf(this), 'Europe/Berlin').dateTime(0), 0);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#resize?.disconnect();
  }

  readonly #task = viewTask(this, {
    args: () =>
      [
        this.api,
        this.token,
        this.session,
        this.service,
        this.series,
        this.metric,
        this.horizon,
        this.historyDays,
        this.plan,
        langOf(this),
      ] as const,
    load: async (
      [api, token, session, service, series, metric, horizon, historyDays, plan],
      signal,
    ): Promise<ForecastData | undefined | typeof initialState> => {
      if ((!token && !session) || (!service && !series)) return initialState;
      try {
        const data = await loadForecast(
          { api, token },
          {
            ...(series ? { series } : { service }),
            metric,
            horizon,
            historyDays,
            ...(plan ? { plan } : {}),
          },
          signal,
        );
        if (data && !signal.aborted)
          this.#emit('lastplan-load', { metric: data.metric, unit: data.unit, effects: data.effects });
        return data;
      } catch (error) {
        if (!signal.aborted) {
          const problem = asApiError(error);
          this.#emit('lastplan-error', {
            title: problem.title,
            detail: problem.detail,
            status: problem.status,
          });
        }
        throw error;
      }
    },
    empty: (data, lang) => (data ? undefined : t(lang, 'noSeries', { metric: this.metric })),
    tooLittle: (lang) => t(lang, 'forecastEmpty'),
  });

  /** Loads again; data already shown stay until the new data arrive (no flicker). */
  async reload(): Promise<void> {
    await this.#task.run();
  }

  #emit(type: string, detail: unknown): void {
    this.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true }));
  }

  override render() {
    const lang = langOf(this);
    const state = taskState(this.#task, lang, true);
    const view = renderState(state, lang, (data) =>
      data ? this.#renderData(data, lang, state.kind === 'data' && state.refreshing === true) : html``,
    );
    return state.kind === 'error'
      ? html`${view}<button @click=${() => this.reload()}>${t(lang, 'retry')}</button>`
      : view;
  }

  #renderData(data: ForecastData, lang: 'de' | 'en', refreshing: boolean) {
    const fmt = formatters(localeOf(this), data.timeZone);
    const box: ChartBox = { width: this.width, height: 280, left: 56, right: 32, top: 22, bottom: 28 };
    const end = data.forecast.t.at(-1) ?? data.history.t.at(-1) ?? 0;
    const firstData = Math.min(data.history.t[0] ?? end, data.forecast.t[0] ?? end);
    const forecastStart = data.forecast.t[0] ?? end;
    const from = this.rangeDays > 0 ? Math.max(firstData, forecastStart - this.rangeDays * DAY) : firstData;
    const g = forecastGeometry(data, box, from, this.capacity);
    const peakT = data.forecast.t[g.peak];
    const peak95 = data.forecast.bands.find((b) => b.level === 95)?.upper[g.peak];
    const unit = unitLabel(lang, data.unit) ? ` ${unitLabel(lang, data.unit)}` : '';
    const value = (v: number | undefined) => (v === undefined ? '–' : `${fmt.number(v)}${unit}`);
    const step = (data.forecast.t[1] ?? 0) - (data.forecast.t[0] ?? 0);
    const certainty = certaintyText(data.backtest, lang, fmt, step > 0 ? step : HOUR);
    const ranges = [7, 28, 0].filter((d) => d === 0 || ((data.forecast.t[0] ?? end) - firstData) / DAY > d);
    return html`<section aria-busy=${refreshing ? 'true' : 'false'} aria-labelledby="title">
      <header part="header">
        <h2 id="title">${t(lang, 'forecastTitle')}: ${metricLabel(lang, data.metric)}</h2>
        <span class="zone">${t(lang, 'timeZone', { zone: data.timeZone })}</span>
      </header>
      ${
        peakT === undefined
          ? nothing
          : html`<p class="peak-text" part="peak">
            ${t(lang, 'peakAt', { when: fmt.dateTime(peakT), value: value(data.forecast.mean[g.peak]), band: bandLabel(0.975, lang), upper: value(peak95) })}
          </p>`
      }
      ${data.explanation ? html`<p class="explanation">${(lang === 'de' ? data.explanationDe : undefined) ?? data.explanation}</p>` : nothing}
      ${certainty.sentence ? html`<p class="backtest" part="certainty">${certainty.sentence}</p>` : nothing}
      ${certainty.warning ? html`<p class="warning" part="warning" role="note">⚠ ${certainty.warning}</p>` : nothing}
      ${certainty.details ? html`<p class="details">${certainty.details}</p>` : nothing}
      <div class="toolbar" part="toolbar" role="group" aria-label=${t(lang, 'range')}>
        <span>${t(lang, 'range')}:</span>
        ${ranges.map(
          (d) =>
            html`<button aria-pressed=${this.rangeDays === d ? 'true' : 'false'} @click=${() => {
              this.rangeDays = d;
            }}>${d === 0 ? t(lang, 'rangeAll') : t(lang, 'rangeDays', { n: d })}</button>`,
        )}
        <button @click=${() => this.#csv(data)}>${t(lang, 'csv')}</button>
      </div>
      <div
        class="chart"
        part="chart"
        tabindex="0"
        role="slider"
        aria-label=${t(lang, 'chartLabel', { metric: metricLabel(lang, data.metric), unit: unitLabel(lang, data.unit) })}
        aria-valuemin=${from}
        aria-valuemax=${end}
        aria-valuenow=${this.cursor?.t ?? from}
        aria-valuetext=${this.cursor ? this.#readout(this.cursor, fmt, value, lang) : t(lang, 'chartHelp')}
        @keydown=${(e: KeyboardEvent) => this.#key(e, data, from, end)}
        @pointermove=${(e: PointerEvent) => this.#pointer(e, data, g.x.invert)}
        @pointerleave=${() => {
          this.cursor = undefined;
        }}
      >
        ${forecastChart(data, g, box, fmt, this.capacity, this.cursor, { now: t(lang, 'forecast'), peak: t(lang, 'peak'), lang })}
      </div>
      <p class="readout" aria-hidden="true">${this.cursor ? this.#readout(this.cursor, fmt, value, lang) : nothing}</p>
      <ul class="legend" part="legend">
        <li><i style="background:var(--_accent)"></i>${t(lang, 'history')}</li>
        <li><i style="background:var(--_forecast)"></i>${t(lang, 'forecast')}</li>
        ${data.forecast.bands.map((b) => html`<li><i style="background:var(--_band-${b.level})"></i>${t(lang, 'band', { level: b.level })}</li>`)}
        ${this.capacity > 0 || data.capacity.length > 0 ? html`<li><i style="background:var(--_capacity)"></i>${t(lang, 'capacity')}</li>` : nothing}
        ${g.marks.some((m) => m.kind === 'event') ? html`<li><i style="background:var(--_event)"></i>${t(lang, 'event')}</li>` : nothing}
        ${g.marks.some((m) => m.kind === 'holiday') ? html`<li><i style="background:var(--_holiday)"></i>${t(lang, 'holiday')}</li>` : nothing}
      </ul>
      <details part="table" @toggle=${(e: Event) => {
        this.tableOpen = (e.target as HTMLDetailsElement).open;
      }}>
        <summary>${t(lang, 'showTable')}</summary>
        ${this.tableOpen ? html`<div class="table-wrap" tabindex="0" role="region" aria-label=${t(lang, 'showTable')}>${forecastTable(data, from, fmt, lang)}</div>` : nothing}
      </details>
    </section>`;
  }

  #readout(
    p: CursorPoint,
    fmt: ReturnType<typeof formatters>,
    value: (v?: number) => string,
    lang: 'de' | 'en',
  ): string {
    const parts = [fmt.dateTime(p.t)];
    if (p.actual !== undefined) parts.push(`${t(lang, 'actual')} ${value(p.actual)}`);
    if (p.mean !== undefined) parts.push(`${t(lang, 'forecast')} ${value(p.mean)}`);
    for (const b of p.bands) parts.push(`${b.level} %: ${value(b.lower)} – ${value(b.upper)}`);
    return parts.join(' · ');
  }

  #key(e: KeyboardEvent, data: ForecastData, from: number, end: number): void {
    const now = this.cursor?.t ?? data.forecast.t[0] ?? from;
    const steps: Record<string, number> = {
      ArrowLeft: -HOUR,
      ArrowRight: HOUR,
      ArrowDown: -HOUR,
      ArrowUp: HOUR,
      PageDown: -DAY,
      PageUp: DAY,
    };
    let target: number | undefined;
    if (e.key in steps) target = now + (steps[e.key] as number) * (e.shiftKey ? 24 : 1);
    else if (e.key === 'Home') target = from;
    else if (e.key === 'End') target = end;
    else if (e.key === 'Escape') {
      this.cursor = undefined;
      return;
    }
    if (target === undefined) return;
    e.preventDefault();
    this.cursor = pointNear(data, Math.min(end, Math.max(from, target)));
  }

  #pointer(e: PointerEvent, data: ForecastData, invert: (px: number) => number): void {
    const svg = (e.currentTarget as HTMLElement).querySelector('svg');
    if (!svg) return;
    const rect = svg.getBoundingClientRect();
    const px = ((e.clientX - rect.left) / rect.width) * this.width;
    this.cursor = pointNear(data, invert(px));
  }

  #csv(data: ForecastData): void {
    downloadCsv(this, `lastplan-${data.metric}.csv`, forecastCsvRows(data, data.timeZone));
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'lastplan-forecast': LastplanForecast;
  }
}
