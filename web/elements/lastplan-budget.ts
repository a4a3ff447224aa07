import { initialState } from '@lit/task';
import { css, html, LitElement, nothing, svg } from 'lit';
import { ApiError, getJson } from '../api/client.ts';
import type { BudgetDto, BudgetStatusDto } from '../api/dto.ts';
import { linearScale, niceTicks } from '../chart/chart-scale.ts';
import { crossedText } from '../format/crossed-thresholds.ts';
import { amountCell, downloadCsv } from '../format/csv.ts';
import { calendarDate, calendarMonth } from '../format/formatters.ts';
import { type Lang, langOf, localeOf, t } from '../i18n.ts';
import { elementStyles } from '../styles/element-styles.ts';
import { renderState, taskState, viewTask } from './view-state.ts';

/** An amount with its range, as decimal text. */
type Range = { readonly low: string; readonly expected: string; readonly high: string };

/** `GET /v1/budgets/{id}`, `/status` and `/statements` as this element reads them (src/http/routes/finance-budgets.ts). */
export interface BudgetView {
  line: Pick<BudgetDto, 'id' | 'name' | 'fiscalYear' | 'currency'>;
  status: Pick<
    BudgetStatusDto,
    'asOf' | 'period' | 'amount' | 'spendToDate' | 'percentSpent' | 'projected' | 'remaining' | 'monthly'
  > &
    Partial<Pick<BudgetStatusDto, 'projectionSource' | 'alertsCrossed'>>;
  /** Null when the line has no allocation key (no member statements). */
  statements: {
    currency: string;
    total: string;
    statements: { memberId: string; memberName: string; total: string }[];
  } | null;
}

const sourceKey = {
  plans: 'source_plans',
  'run-rate': 'source_run_rate',
  'plans+run-rate': 'source_plans_run_rate',
  none: 'source_none',
} as const;

/**
 * `<lastplan-budget api="…" token="…" budget="<budget id>">`: a budget line (Haushaltsstelle) of
 * one fiscal year: spend to date, the projection to the year's end as a range and whether the line
 * will be overrun, spend per month (actual and planned) as a bar chart and a table, and the member
 * statements (Umlage) when the line has an allocation key; CSV of both. Needs a token with scope
 * `finance`; `session` uses the page's session cookie instead. Parts: `header`, `outlook`,
 * `chart`, `table`, `members`, `status`. Custom properties as `lastplan-forecast`.
 */
export class LastplanBudget extends LitElement {
  static override properties = {
    api: { type: String },
    token: { type: String },
    session: { type: Boolean },
    budget: { type: String },
  };

  static override styles = [
    elementStyles,
    css`
      h2 { font-size: 1.05rem; margin: 0 0 0.3rem; }
      h3 { font-size: 1rem; margin: 1rem 0 0.3rem; }
      dl { display: grid; grid-template-columns: max-content 1fr; gap: 0.2rem 1rem; }
      dt { font-weight: 600; }
      .outlook { font-weight: 600; }
      .overrun { color: var(--_error); }
      .alert { color: var(--_error); font-weight: 600; }
      .actual { fill: var(--_accent); }
      .planned { fill: var(--_accent); fill-opacity: 0.35; }
      .budget { stroke: var(--_capacity); stroke-width: 1.5; stroke-dasharray: 6 3; }
      .grid line { stroke: var(--_border); stroke-opacity: 0.35; }
      text { fill: currentColor; font-size: 11px; }
      .hint { font-size: 0.9em; }
      .toolbar { display: flex; gap: 0.5rem; margin: 0.5rem 0; flex-wrap: wrap; }
    `,
  ];

  api = '';
  token = '';
  /** Authenticate by the page's session cookie instead of a token (the dashboard, same origin). */
  session = false;
  budget = '';
  readonly #task = viewTask(this, {
    args: () => [this.api, this.token, this.session, this.budget, langOf(this)] as const,
    load: async ([base, token, session, budget], signal): Promise<BudgetView | typeof initialState> => {
      if ((!token && !session) || !budget) return initialState;
      const api = { api: base, token };
      const id = encodeURIComponent(budget);
      const [line, status, statements] = await Promise.all([
        getJson<BudgetView['line']>(api, `/v1/budgets/${id}`, signal),
        getJson<BudgetView['status']>(api, `/v1/budgets/${id}/status`, signal),
        // A line without an allocation key answers 400: then there simply are no statements.
        getJson<NonNullable<BudgetView['statements']>>(api, `/v1/budgets/${id}/statements`, signal).catch(
          (error: unknown) => {
            if (error instanceof ApiError && error.status === 400) return null;
            throw error;
          },
        ),
      ]);
      return { line, status, statements };
    },
    empty: ({ status }, lang) =>
      Number(status.spendToDate) === 0 && status.monthly.every((m) => Number(m.planned.high) === 0)
        ? t(lang, 'budgetEmpty')
        : undefined,
    tooLittle: (lang) => t(lang, 'budgetEmpty'),
  });

  /** Loads the budget line, its status and statements again. */
  async reload(): Promise<void> {
    await this.#task.run();
  }

  override render() {
    const lang = langOf(this);
    return renderState(taskState(this.#task, lang, true), lang, (data) => this.#view(data, lang));
  }

  #view({ line, status, statements }: BudgetView, lang: Lang) {
    const locale = localeOf(this);
    const money = new Intl.NumberFormat(locale, { style: 'currency', currency: line.currency || 'EUR' });
    const m = (v: string | number) => money.format(Number(v));
    const span = (r: Range) => {
      const [a, b] = [Number(r.low), Number(r.high)].sort((x, y) => x - y);
      return `${money.format(a ?? 0)} – ${money.format(b ?? 0)}`;
    };
    const day = (d: string) => calendarDate(locale, d);
    const month = (ym: string) => calendarMonth(locale, ym);
    const percent = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 });
    // Axis labels in whole units: cents on a chart axis are noise.
    const whole = new Intl.NumberFormat(locale, {
      style: 'currency',
      currency: line.currency || 'EUR',
      maximumFractionDigits: 0,
    });
    const overrun = Number(status.remaining.expected) < 0;
    const remaining = {
      low: String(-Number(status.remaining.low)),
      expected: String(-Number(status.remaining.expected)),
      high: String(-Number(status.remaining.high)),
    };
    const outlook = overrun
      ? t(lang, 'budgetOverrun', { expected: m(remaining.expected), range: span(remaining) })
      : t(lang, 'budgetLeft', { expected: m(status.remaining.expected), range: span(status.remaining) });
    const alerts = crossedText(lang, status.alertsCrossed);
    const source = sourceKey[status.projectionSource as keyof typeof sourceKey];
    return html`<section aria-labelledby="budget-title">
      <header part="header">
        <h2 id="budget-title">${t(lang, 'budgetTitle', { name: line.name, year: line.fiscalYear })}</h2>
        <p>${day(status.period.start)} – ${day(status.period.end)}${source ? ` · ${t(lang, 'budgetSource', { source: t(lang, source) })}` : ''}</p>
      </header>
      <p class="outlook ${overrun ? 'overrun' : ''}" part="outlook">${outlook}</p>
      ${alerts ? html`<p class="alert" role="status">${alerts}</p>` : nothing}
      <dl>
        <dt>${t(lang, 'budgetAmount')}</dt><dd>${m(status.amount)}</dd>
        <dt>${t(lang, 'budgetSpent', { day: day(status.asOf) })}</dt><dd>${m(status.spendToDate)} (${percent.format(status.percentSpent / 100)})</dd>
        <dt>${t(lang, 'budgetProjected')}</dt><dd>${m(status.projected.expected)} (${span(status.projected)})</dd>
      </dl>
      ${this.#chart(status, (v) => whole.format(Number(v)), month)}
      <p class="hint">${t(lang, 'budgetLegend')}</p>
      <div class="toolbar">
        <button @click=${() => this.#csv(line, status)}>${t(lang, 'csv')}</button>
        ${statements ? html`<button @click=${() => this.#membersCsv(statements)}>${t(lang, 'budgetMembersCsv')}</button>` : nothing}
      </div>
      <table part="table" tabindex="0">
        <caption class="visually-hidden">${t(lang, 'budgetMonthly')}</caption>
        <thead><tr><th scope="col">${t(lang, 'month')}</th><th scope="col" class="num">${t(lang, 'actual')}</th><th scope="col" class="num">${t(lang, 'budgetPlannedExpected')}</th><th scope="col" class="num">${t(lang, 'budgetPlannedRange')}</th></tr></thead>
        <tbody>${status.monthly.map(
          (b) =>
            html`<tr><th scope="row">${month(b.month)}</th><td class="num">${m(b.actual)}</td><td class="num">${m(b.planned.expected)}</td><td class="num">${Number(b.planned.low) === 0 && Number(b.planned.high) === 0 ? '–' : span(b.planned)}</td></tr>`,
        )}</tbody>
      </table>
      ${statements?.statements.length ? this.#members(statements, lang, m, percent) : nothing}
    </section>`;
  }

  #members(
    st: NonNullable<BudgetView['statements']>,
    lang: Lang,
    m: (v: string | number) => string,
    percent: Intl.NumberFormat,
  ) {
    const total = Number(st.total);
    return html`<h3 id="members-title">${t(lang, 'budgetMembers')}</h3>
      <table part="members" tabindex="0" aria-labelledby="members-title">
        <thead><tr><th scope="col">${t(lang, 'budgetMember')}</th><th scope="col" class="num">${t(lang, 'cost')}</th><th scope="col" class="num">${t(lang, 'budgetShare')}</th></tr></thead>
        <tbody>${st.statements.map(
          (s) =>
            html`<tr><th scope="row">${s.memberName}</th><td class="num">${m(s.total)}</td><td class="num">${total > 0 ? percent.format(Number(s.total) / total) : '–'}</td></tr>`,
        )}</tbody>
      </table>`;
  }

  #chart(status: BudgetView['status'], m: (v: string | number) => string, month: (ym: string) => string) {
    const months = status.monthly;
    if (months.length === 0) return nothing;
    const width = 720;
    const height = 200;
    const left = 80;
    const top = 10;
    const bottom = height - 24;
    // Actual and planned of a month stack: the month's spend as the line sees it.
    const totals = months.map((b) => Number(b.actual) + Number(b.planned.expected));
    const perMonth = Number(status.amount) / months.length;
    const ticks = niceTicks(0, Math.max(1, perMonth, ...totals), 4);
    const y = linearScale([0, ticks.at(-1) ?? 1], [bottom, top]);
    const slot = (width - left - 10) / months.length;
    const x = (i: number) => left + i * slot + slot * 0.15;
    const w = slot * 0.7;
    return html`<svg part="chart" viewBox="0 0 ${width} ${height}" width="100%" aria-hidden="true">
      <g class="grid">${ticks.map((v) => svg`<line x1=${left} x2=${width - 10} y1=${y(v)} y2=${y(v)}></line><text x=${left - 6} y=${y(v)} dy="0.32em" text-anchor="end">${m(v)}</text>`)}</g>
      ${months.map((b, i) => {
        const actual = Number(b.actual);
        const planned = Number(b.planned.expected);
        return svg`<rect class="actual" x=${x(i)} y=${y(actual)} width=${w} height=${Math.max(0, bottom - y(actual))}></rect>
          <rect class="planned" x=${x(i)} y=${y(actual + planned)} width=${w} height=${Math.max(0, y(actual) - y(actual + planned))}></rect>`;
      })}
      <line class="budget" x1=${left} x2=${width - 10} y1=${y(perMonth)} y2=${y(perMonth)}></line>
      ${months.map((b, i) => (i % Math.ceil(months.length / 12) === 0 ? svg`<text x=${x(i) + w / 2} y=${height - 6} text-anchor="middle">${month(b.month)}</text>` : nothing))}
    </svg>`;
  }

  #csv(line: BudgetView['line'], status: BudgetView['status']): void {
    const eur = (text: string) => amountCell(text, line.currency);
    const rows = [
      [
        { de: 'Monat', en: 'Month' },
        { de: 'Ist', en: 'Actual' },
        { de: 'Plan niedrig', en: 'Planned low' },
        { de: 'Plan erwartet', en: 'Planned expected' },
        { de: 'Plan hoch', en: 'Planned high' },
        { de: 'Währung', en: 'Currency' },
      ],
      ...status.monthly.map((b) => [
        b.month,
        eur(b.actual),
        eur(b.planned.low),
        eur(b.planned.expected),
        eur(b.planned.high),
        line.currency,
      ]),
    ];
    downloadCsv(this, `lastplan-budget-${this.budget}.csv`, rows);
  }

  #membersCsv(st: NonNullable<BudgetView['statements']>): void {
    const rows = [
      [
        { de: 'Mitglied-ID', en: 'Member ID' },
        { de: 'Mitglied', en: 'Member' },
        { de: 'Summe', en: 'Total' },
        { de: 'Währung', en: 'Currency' },
      ],
      ...st.statements.map((s) => [s.memberId, s.memberName, amountCell(s.total, st.currency), st.currency]),
    ];
    downloadCsv(this, `lastplan-budget-${this.budget}-members.csv`, rows);
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'lastplan-budget': LastplanBudget;
  }
}
