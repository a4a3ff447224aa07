import { initialState } from '@lit/task';
import { css, html, LitElement, nothing, svg } from 'lit';
import { bandLabel } from '../../src/domain/band-label.ts';
import { getJson } from '../api/client.ts';
import { linearScale, niceTicks } from '../chart/chart-scale.ts';
import { amountCell, downloadCsv } from '../format/csv.ts';
import { type Lang, langOf, localeOf, t } from '../i18n.ts';
import { elementStyles } from '../styles/element-styles.ts';
import { renderState, taskState, viewTask } from './view-state.ts';

type Pair = { p50: string; planning: string };
/** `GET /v1/plans/{id}` as this element reads it: the `summary` (src/plan/plan-summary.ts). */
export interface CostCompareDto {
  id: string;
  version: number;
  quantile: number;
  currency: string;
  summary: {
    instanceType: string;
    quantileLabel: string;
    cost: Pair & { currency: string };
    /** Per alternative: its cost and what pay-as-you-go saves against it (negative: costs more). */
    savings: { kind: string; label: string; cost: Pair; saving: Pair }[];
  };
}

interface Row {
  label: string;
  payg: boolean;
  cost: Pair;
  saving: Pair | null;
}

/** The alternative's name in the element's language; the API's English label for unknown kinds. */
function optionLabel(lang: Lang, kind: string, label: string): string {
  if (lang === 'en') return label;
  const term = /\((\w+)\)/.exec(label)?.[1] ?? '';
  if (kind === 'static-peak') return t(lang, 'alt_static_peak');
  if (kind === 'current-size') return t(lang, 'alt_current_size');
  if (kind === 'committed-baseline') return t(lang, 'alt_committed_baseline', { term });
  if (kind === 'own-hardware') return t(lang, 'alt_own_hardware');
  return label;
}

/**
 * `<lastplan-cost-compare api="…" token="…" plan="<plan id>">`: what a scaling plan costs on
 * pay-as-you-go against its alternatives (static peak sizing, today's size, committed baseline,
 * own hardware), as a bar chart and a table with the savings on P50 and the planning quantile,
 * and the saving against the cheapest alternative in words. Needs a token with scope `read`;
 * `session` uses the page's session cookie instead. Parts: `header`, `verdict`, `chart`, `table`,
 * `status`. Custom properties as `lastplan-forecast` (`--lastplan-accent`, `--lastplan-forecast` …).
 */
export class LastplanCostCompare extends LitElement {
  static override properties = {
    api: { type: String },
    token: { type: String },
    session: { type: Boolean },
    plan: { type: String },
  };

  static override styles = [
    elementStyles,
    css`
      h2 { font-size: 1.05rem; margin: 0 0 0.3rem; }
      .verdict { font-weight: 600; }
      .hint { font-size: 0.9em; }
      .p50 { fill: var(--_accent); }
      .planning { fill: var(--_accent); fill-opacity: 0.35; }
      .payg .p50 { fill: var(--_forecast); }
      .payg .planning { fill: var(--_forecast); }
      .grid line { stroke: var(--_border); stroke-opacity: 0.35; }
      text { fill: currentColor; font-size: 11px; }
      .more { color: var(--_error); }
      tr.payg th { font-weight: 700; }
      @media print { .planning { fill-opacity: 0.25; } }
    `,
  ];

  api = '';
  token = '';
  /** Authenticate by the page's session cookie instead of a token (the dashboard, same origin). */
  session = false;
  plan = '';
  readonly #task = viewTask(this, {
    args: () => [this.api, this.token, this.session, this.plan, langOf(this)] as const,
    load: ([api, token, session, plan], signal) =>
      (!token && !session) || !plan
        ? Promise.resolve(initialState)
        : getJson<CostCompareDto>({ api, token }, `/v1/plans/${encodeURIComponent(plan)}`, signal),
    empty: (plan, lang) => ((plan.summary?.savings ?? []).length === 0 ? t(lang, 'compareEmpty') : undefined),
    tooLittle: (lang) => t(lang, 'compareEmpty'),
  });

  /** Loads the plan again. */
  async reload(): Promise<void> {
    await this.#task.run();
  }

  override render() {
    const lang = langOf(this);
    return renderState(taskState(this.#task, lang, true), lang, (data) => this.#view(data, lang));
  }

  #rows(p: CostCompareDto, lang: Lang, quantile: string): Row[] {
    const sum = p.summary;
    return [
      {
        label: t(lang, 'comparePayg', { type: sum.instanceType, quantile }),
        payg: true,
        cost: sum.cost,
        saving: null,
      },
      ...sum.savings.map((a) => ({
        label: optionLabel(lang, a.kind, a.label),
        payg: false,
        cost: a.cost,
        saving: a.saving,
      })),
    ];
  }

  #view(p: CostCompareDto, lang: Lang) {
    const locale = localeOf(this);
    const currency = p.summary.cost.currency || p.currency || 'EUR';
    const money = new Intl.NumberFormat(locale, { style: 'currency', currency });
    const signed = new Intl.NumberFormat(locale, { style: 'currency', currency, signDisplay: 'exceptZero' });
    const m = (v: string) => money.format(Number(v));
    const quantile = bandLabel(p.quantile, lang);
    const rows = this.#rows(p, lang, quantile);
    return html`<section aria-labelledby="compare-title">
      <header part="header">
        <h2 id="compare-title">${t(lang, 'compareTitle')}</h2>
        <p>${t(lang, 'planTitle', { version: p.version })} · ${t(lang, 'costRange', { p50: m(p.summary.cost.p50), planning: m(p.summary.cost.planning), quantile })}</p>
      </header>
      <p class="verdict" part="verdict">${this.#verdict(p, lang, quantile, money, signed)}</p>
      ${this.#chart(rows, money)}
      <p class="hint">${t(lang, 'compareHint')}</p>
      <div class="toolbar"><button @click=${() => this.#csv(p, rows)}>${t(lang, 'csv')}</button></div>
      <table part="table" tabindex="0">
        <caption class="visually-hidden">${t(lang, 'compareChart')}</caption>
        <thead><tr>
          <th scope="col">${t(lang, 'compareOption')}</th>
          <th scope="col" class="num">${t(lang, 'compareCostP50')}</th>
          <th scope="col" class="num">${t(lang, 'compareCostPlanning', { quantile })}</th>
          <th scope="col" class="num">${t(lang, 'compareSavingP50')}</th>
          <th scope="col" class="num">${t(lang, 'compareSavingPlanning', { quantile })}</th>
        </tr></thead>
        <tbody>${rows.map(
          (r) => html`<tr class=${r.payg ? 'payg' : ''}>
            <th scope="row">${r.label}</th>
            <td class="num">${m(r.cost.p50)}</td><td class="num">${m(r.cost.planning)}</td>
            ${
              r.saving
                ? html`<td class="num">${signed.format(Number(r.saving.p50))}</td><td class="num">${signed.format(Number(r.saving.planning))}</td>`
                : html`<td class="num">–</td><td class="num">–</td>`
            }
          </tr>`,
        )}</tbody>
      </table>
    </section>`;
  }

  /** The saving against the closest competitor, since that is the one that would be chosen instead. */
  #verdict(
    p: CostCompareDto,
    lang: Lang,
    quantile: string,
    money: Intl.NumberFormat,
    signed: Intl.NumberFormat,
  ) {
    const closest = [...p.summary.savings].sort(
      (a, b) => Number(a.saving.planning) - Number(b.saving.planning),
    )[0];
    if (!closest) return nothing;
    const label = optionLabel(lang, closest.kind, closest.label);
    const p50 = Number(closest.saving.p50);
    const planning = Number(closest.saving.planning);
    if (p50 >= 0 && planning >= 0)
      return t(lang, 'compareBest', {
        label,
        quantile,
        p50: money.format(p50),
        planning: money.format(planning),
      });
    if (p50 <= 0 && planning <= 0)
      return html`<span class="more">${t(lang, 'compareCheaper', {
        label,
        quantile,
        p50: money.format(-p50),
        planning: money.format(-planning),
      })}</span>`;
    return t(lang, 'compareMixed', {
      label,
      quantile,
      p50: signed.format(p50),
      planning: signed.format(planning),
    });
  }

  #chart(rows: Row[], money: Intl.NumberFormat) {
    const width = 720;
    const rowHeight = 26;
    const left = 300;
    const top = 6;
    const height = top + rows.length * rowHeight + 22;
    const max = Math.max(1, ...rows.flatMap((r) => [Number(r.cost.p50), Number(r.cost.planning)]));
    const ticks = niceTicks(0, max, 4);
    const x = linearScale([0, ticks.at(-1) ?? max], [left, width - 20]);
    // Axis labels in whole units: cents on a chart axis are noise.
    const whole = new Intl.NumberFormat(money.resolvedOptions().locale, {
      style: 'currency',
      currency: money.resolvedOptions().currency ?? 'EUR',
      maximumFractionDigits: 0,
    });
    return html`<svg part="chart" viewBox="0 0 ${width} ${height}" width="100%" aria-hidden="true">
      <g class="grid">${ticks.map(
        (v) =>
          svg`<line x1=${x(v)} x2=${x(v)} y1=${top} y2=${height - 18}></line><text x=${x(v)} y=${height - 4} text-anchor="middle">${whole.format(v)}</text>`,
      )}</g>
      ${rows.map((r, i) => {
        const y = top + i * rowHeight + 4;
        const label = r.label.length > 48 ? `${r.label.slice(0, 47)}…` : r.label;
        const low = Math.min(Number(r.cost.p50), Number(r.cost.planning));
        const high = Math.max(Number(r.cost.p50), Number(r.cost.planning));
        return svg`<g class=${r.payg ? 'payg' : ''}>
          <text x=${left - 6} y=${y + 9} dy="0.32em" text-anchor="end">${label}</text>
          <rect class="planning" x=${left} y=${y} width=${Math.max(1, x(high) - left)} height="18"></rect>
          <rect class="p50" x=${left} y=${y} width=${Math.max(1, x(low) - left)} height="18"></rect>
        </g>`;
      })}
    </svg>`;
  }

  #csv(p: CostCompareDto, rows: Row[]): void {
    const currency = p.summary.cost.currency || p.currency;
    const eur = (text: string | undefined) => amountCell(text, currency);
    const csv = [
      [
        { de: 'Variante', en: 'Option' },
        { de: 'Kosten P50', en: 'Cost P50' },
        { de: 'Kosten Planung', en: 'Cost planning' },
        { de: 'Ersparnis P50', en: 'Saving P50' },
        { de: 'Ersparnis Planung', en: 'Saving planning' },
        { de: 'Währung', en: 'Currency' },
      ],
      ...rows.map((r) => [
        r.label,
        eur(r.cost.p50),
        eur(r.cost.planning),
        eur(r.saving?.p50),
        eur(r.saving?.planning),
        currency,
      ]),
    ];
    downloadCsv(this, `lastplan-cost-compare-${p.id}-v${p.version}.csv`, csv);
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'lastplan-cost-compare': LastplanCostCompare;
  }
}
