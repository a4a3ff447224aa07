import { initialState } from '@lit/task';
import { css, html, LitElement, nothing, svg } from 'lit';
import { getJson } from '../api/client.ts';
import type { GrantDto, GrantStatusDto } from '../api/dto.ts';
import { linearScale, niceTicks } from '../chart/chart-scale.ts';
import { crossedText } from '../format/crossed-thresholds.ts';
import { amountCell, downloadCsv } from '../format/csv.ts';
import { calendarDate, calendarMonth } from '../format/formatters.ts';
import { type Lang, langOf, localeOf, t } from '../i18n.ts';
import { elementStyles } from '../styles/element-styles.ts';
import { renderState, taskState, viewTask } from './view-state.ts';

/** An amount with its range, as decimal text. */
type Range = { readonly low: string; readonly expected: string; readonly high: string };

/** `GET /v1/grants/{id}` and `/status` as this element reads them (types from the API's schemas). */
export interface GrantView {
  grant: Pick<GrantDto, 'programme' | 'funder' | 'referenceNumber' | 'amount' | 'currency' | 'period'>;
  status: Pick<
    GrantStatusDto,
    | 'asOf'
    | 'spendToDate'
    | 'fundedToDate'
    | 'ownShareToDate'
    | 'forecastSpend'
    | 'unspentAtExpiry'
    | 'exhaustionDay'
    | 'outlook'
    | 'burnDown'
  > &
    Partial<Pick<GrantStatusDto, 'alertsCrossed'>>;
}

/**
 * `<lastplan-grant api="…" token="…" grant="<grant id>">`: a grant's burn-down with its
 * projection (range), the exhaustion date or the amount left unspent, and the alert state, with a
 * table and CSV. Needs a token with scope `finance`. Parts: `header`, `outlook`, `chart`, `table`,
 * `status`. Custom properties as `lastplan-forecast`.
 */
export class LastplanGrant extends LitElement {
  static override properties = {
    api: { type: String },
    token: { type: String },
    session: { type: Boolean },
    grant: { type: String },
  };

  static override styles = [
    elementStyles,
    css`
      h2 { font-size: 1.05rem; margin: 0 0 0.3rem; }
      dl { display: grid; grid-template-columns: max-content 1fr; gap: 0.2rem 1rem; }
      dt { font-weight: 600; }
      .outlook { font-weight: 600; }
      .alert { color: var(--_error); font-weight: 600; }
      .band { fill: var(--_band-95); }
      .expected { fill: none; stroke: var(--_forecast); stroke-width: 2; stroke-dasharray: 5 3; }
      .actual { fill: none; stroke: var(--_accent); stroke-width: 2; }
      .grid line { stroke: var(--_border); stroke-opacity: 0.35; }
      text { fill: currentColor; font-size: 11px; }
    `,
  ];

  api = '';
  token = '';
  /** Authenticate by the page's session cookie instead of a token (the dashboard, same origin). */
  session = false;
  grant = '';
  readonly #task = viewTask(this, {
    args: () => [this.api, this.token, this.session, this.grant, langOf(this)] as const,
    load: async ([base, token, session, grantId], signal): Promise<GrantView | typeof initialState> => {
      if ((!token && !session) || !grantId) return initialState;
      const api = { api: base, token };
      const id = encodeURIComponent(grantId);
      const [grant, status] = await Promise.all([
        getJson<GrantView['grant']>(api, `/v1/grants/${id}`, signal),
        getJson<GrantView['status']>(api, `/v1/grants/${id}/status`, signal),
      ]);
      return { grant, status };
    },
  });

  /** Loads the grant and its status again. */
  async reload(): Promise<void> {
    await this.#task.run();
  }

  override render() {
    const lang = langOf(this);
    return renderState(taskState(this.#task, lang, true), lang, (data) => this.#view(data, lang));
  }

  #view({ grant, status }: GrantView, lang: Lang) {
    const locale = localeOf(this);
    const money = new Intl.NumberFormat(locale, { style: 'currency', currency: grant.currency || 'EUR' });
    const m = (v: string) => money.format(Number(v));
    // Low spend leaves more unspent: show every range from the smaller to the larger figure.
    const span = (r: Range) => {
      const [a, b] = [Number(r.low), Number(r.high)].sort((x, y) => x - y);
      return `${money.format(a ?? 0)} – ${money.format(b ?? 0)}`;
    };
    const day = (d: string) => calendarDate(locale, d);
    const outlook =
      status.outlook === 'exhausted-early'
        ? t(lang, 'grantExhausted', { day: day(status.exhaustionDay.expected ?? grant.period.end) })
        : status.outlook === 'unspent-at-expiry'
          ? t(lang, 'grantUnspent', {
              expected: m(status.unspentAtExpiry.expected),
              range: span(status.unspentAtExpiry),
            })
          : t(lang, 'grantOnTarget');
    const alerts = crossedText(lang, status.alertsCrossed);
    return html`<section aria-labelledby="grant-title">
      <header part="header">
        <h2 id="grant-title">${grant.programme}</h2>
        <p>${grant.funder} · ${grant.referenceNumber} · ${day(grant.period.start)} – ${day(grant.period.end)}</p>
      </header>
      <p class="outlook" part="outlook">${outlook}</p>
      ${alerts ? html`<p class="alert" role="status">${alerts}</p>` : nothing}
      <dl>
        <dt>${t(lang, 'grantAmount')}</dt><dd>${m(grant.amount)}</dd>
        <dt>${t(lang, 'grantSpent', { day: day(status.asOf) })}</dt><dd>${m(status.spendToDate)} (${t(lang, 'grantFunded')} ${m(status.fundedToDate)}, ${t(lang, 'grantOwn')} ${m(status.ownShareToDate)})</dd>
        <dt>${t(lang, 'grantForecast')}</dt><dd>${m(status.forecastSpend.expected)} (${span(status.forecastSpend)})</dd>
      </dl>
      ${this.#chart(status, grant, m)}
      <button @click=${() => this.#csv(grant, status)}>${t(lang, 'csv')}</button>
      <table part="table" tabindex="0">
        <caption class="visually-hidden">${t(lang, 'grantBurnDown')}</caption>
        <thead><tr><th scope="col">${t(lang, 'month')}</th><th scope="col" class="num">${t(lang, 'actual')}</th><th scope="col" class="num">${t(lang, 'planned')}</th><th scope="col" class="num">${t(lang, 'remaining')}</th></tr></thead>
        <tbody>${status.burnDown.map(
          (
            b,
          ) => html`<tr><th scope="row">${calendarMonth(localeOf(this), b.month)}</th><td class="num">${m(b.actual)}</td><td class="num">${m(b.planned.expected)}</td>
            <td class="num">${m(b.remaining.expected)} (${span(b.remaining)})</td></tr>`,
        )}</tbody>
      </table>
    </section>`;
  }

  #chart(status: GrantView['status'], grant: GrantView['grant'], m: (v: string) => string) {
    const months = status.burnDown;
    if (months.length === 0) return nothing;
    const width = 720;
    const height = 200;
    const max = Math.max(Number(grant.amount), ...months.map((b) => Number(b.remaining.high)));
    const ticks = niceTicks(Math.min(0, ...months.map((b) => Number(b.remaining.low))), max, 4);
    const x = linearScale([0, months.length - 1], [80, width - 20]);
    const y = linearScale([ticks[0] ?? 0, ticks.at(-1) ?? 1], [height - 24, 10]);
    const past = months.filter((b) => b.month <= status.asOf.slice(0, 7)).length;
    const pts = (pick: (b: (typeof months)[number]) => string, from = 0, to = months.length) =>
      months.slice(from, to).map((b, i) => `${x(i + from).toFixed(1)},${y(Number(pick(b))).toFixed(1)}`);
    const band = [...pts((b) => b.remaining.high), ...pts((b) => b.remaining.low).reverse()];
    return html`<svg part="chart" viewBox="0 0 ${width} ${height}" width="100%" aria-hidden="true">
      <g class="grid">${ticks.map((v) => svg`<line x1="80" x2=${width - 20} y1=${y(v)} y2=${y(v)}></line><text x="74" y=${y(v)} dy="0.32em" text-anchor="end">${m(String(v))}</text>`)}</g>
      <polygon class="band" points=${band.join(' ')}></polygon>
      <polyline class="expected" points=${pts((b) => b.remaining.expected, Math.max(0, past - 1)).join(' ')}></polyline>
      <polyline class="actual" points=${pts((b) => b.remaining.expected, 0, past).join(' ')}></polyline>
      ${months.map((b, i) => (i % Math.ceil(months.length / 8) === 0 ? svg`<text x=${x(i)} y=${height - 6} text-anchor="middle">${calendarMonth(localeOf(this), b.month)}</text>` : nothing))}
    </svg>`;
  }

  #csv(grant: GrantView['grant'], status: GrantView['status']): void {
    const eur = (text: string) => amountCell(text, grant.currency);
    const rows = [
      [
        { de: 'Monat', en: 'Month' },
        { de: 'Ist', en: 'Actual' },
        { de: 'Plan niedrig', en: 'Planned low' },
        { de: 'Plan erwartet', en: 'Planned expected' },
        { de: 'Plan hoch', en: 'Planned high' },
        { de: 'Rest niedrig', en: 'Remaining low' },
        { de: 'Rest erwartet', en: 'Remaining expected' },
        { de: 'Rest hoch', en: 'Remaining high' },
        { de: 'Währung', en: 'Currency' },
      ],
      ...status.burnDown.map((b) => [
        b.month,
        eur(b.actual),
        eur(b.planned.low),
        eur(b.planned.expected),
        eur(b.planned.high),
        eur(b.remaining.low),
        eur(b.remaining.expected),
        eur(b.remaining.high),
        grant.currency,
      ]),
    ];
    downloadCsv(this, `lastplan-grant-${this.grant}.csv`, rows);
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'lastplan-grant': LastplanGrant;
  }
}
