import { css, html, LitElement, nothing } from 'lit';
import { asApiError } from '../api/client.ts';
import { sparkline } from '../chart/sparkline.ts';
import { calendarDate, formatters } from '../format/formatters.ts';
import { metricLabel, unitLabel } from '../format/metric-label.ts';
import { type Lang, langOf, localeOf, t } from '../i18n.ts';
import {
  type BudgetOverview,
  type GrantOverview,
  loadBudgetOverviews,
  loadGrantOverviews,
  loadServiceOverviews,
  type ServiceOverview,
} from '../overview/load-overview.ts';
import { routeHref } from '../routing/dashboard-route.ts';
import { elementStyles } from '../styles/element-styles.ts';
import { emptyList, renderState, taskState, viewTask } from './view-state.ts';

/**
 * `<lastplan-overview>`: the dashboard's first screen. Per service the next peak (value, local
 * time, the event behind it; from the same forecast the service view shows), 60 days of forecast
 * as a sparkline, the plan in force and its cost this month; per grant the share spent and the
 * verdict; per budget line what is available and what will remain. Session only (the dashboard).
 * Properties: `api`, `timeZone`. Parts: `services`, `grants`, `budgets`.
 */
export class LastplanOverview extends LitElement {
  static override properties = {
    api: { type: String },
    timeZone: { type: String, attribute: 'time-zone' },
    showInfrastructure: { state: true },
  };

  static override styles = [
    elementStyles,
    css`
      section { background: var(--lastplan-card, Canvas); color: CanvasText; border: 1px solid var(--_border); border-radius: 6px; padding: 1rem 1.2rem; margin-bottom: 1rem; }
      h2 { font-size: 1.15rem; margin: 0 0 0.6rem; }
      a { color: var(--_accent); }
      td { vertical-align: top; }
      .peak strong { white-space: nowrap; }
      .sub { font-size: 0.9em; font-weight: normal; }
      th[scope="row"] { font-weight: 600; }
      .spark polyline { fill: none; stroke: var(--_forecast); stroke-width: 1.5; }
      .bar { display: inline-block; width: 5rem; height: 0.6rem; border: 1px solid var(--_border); vertical-align: middle; margin-right: 0.4rem; }
      .bar i { display: block; height: 100%; background: var(--_accent); }
      .warn { color: var(--_error); font-weight: 600; }
      /* A phone: each row becomes a card of labelled lines, so nothing hides in a scroll. */
      @media (max-width: 40rem) {
        table, tbody, tr, th, td { display: block; }
        table { overflow: visible; }
        thead { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); }
        tr { border-bottom: 1px solid var(--_border); padding: 0.5rem 0; }
        th, td, td.num { border: 0; padding: 0.1rem 0; text-align: left; }
        td[data-label]::before { content: attr(data-label) ': '; font-weight: 600; }
        td .sub, td div { display: inline; margin-left: 0.3rem; }
      }
    `,
  ];

  api = '';
  timeZone = 'Europe/Berlin';
  showInfrastructure = false;

  readonly #servicesTask = viewTask(this, {
    args: () => [this.api, this.timeZone, langOf(this)] as const,
    load: ([base, zone], signal) => loadServiceOverviews({ api: base, token: '' }, zone, Date.now(), signal),
    empty: emptyList((lang) => t(lang, 'empty')),
  });
  readonly #grantsTask = viewTask(this, {
    args: () => [this.api, langOf(this)] as const,
    load: ([base], signal) => quietlyForbidden(loadGrantOverviews({ api: base, token: '' }, signal)),
    empty: (data, lang) =>
      data === FORBIDDEN ? t(lang, 'grantsForbidden') : data.length ? undefined : t(lang, 'noGrants'),
  });
  readonly #budgetsTask = viewTask(this, {
    args: () => [this.api, langOf(this)] as const,
    load: ([base], signal) => quietlyForbidden(loadBudgetOverviews({ api: base, token: '' }, signal)),
    empty: (data, lang) =>
      data === FORBIDDEN ? t(lang, 'budgetsForbidden') : data.length ? undefined : t(lang, 'noBudgets'),
  });

  /** Loads the three lists anew (each shows its own loading, empty and error state). */
  async reload(): Promise<void> {
    await Promise.all([this.#servicesTask.run(), this.#grantsTask.run(), this.#budgetsTask.run()]);
  }

  override render() {
    const lang = langOf(this);
    return html`<section part="services" aria-labelledby="ov-services">
        <h2 id="ov-services">${t(lang, 'services')}</h2>
        ${renderState(taskState(this.#servicesTask, lang, true), lang, (items) => this.#services(items, lang))}
      </section>
      <section part="grants" aria-labelledby="ov-grants">
        <h2 id="ov-grants">${t(lang, 'grants')}</h2>
        ${renderState(taskState(this.#grantsTask, lang, true), lang, (items) => (items === FORBIDDEN ? html`` : this.#grants(items, lang)))}
      </section>
      <section part="budgets" aria-labelledby="ov-budgets">
        <h2 id="ov-budgets">${t(lang, 'budgets')}</h2>
        ${renderState(taskState(this.#budgetsTask, lang, true), lang, (items) => (items === FORBIDDEN ? html`` : this.#budgets(items, lang)))}
      </section>`;
  }

  #money(currency: string) {
    return new Intl.NumberFormat(localeOf(this), { style: 'currency', currency });
  }

  #services(all: ServiceOverview[], lang: Lang) {
    const fmt = formatters(localeOf(this), this.timeZone);
    const hidden = all.filter((s) => s.infrastructure).length;
    const items = this.showInfrastructure ? all : all.filter((s) => !s.infrastructure);
    const toggle = hidden
      ? html`<p><button aria-pressed=${this.showInfrastructure ? 'true' : 'false'} @click=${() => {
          this.showInfrastructure = !this.showInfrastructure;
        }}>${t(lang, 'showInfrastructure', { n: hidden })}</button></p>`
      : nothing;
    return html`${toggle}<table>
      <caption class="visually-hidden">${t(lang, 'services')}</caption>
      <thead><tr>
        <th scope="col">${t(lang, 'name')}</th><th scope="col">${t(lang, 'nextPeak')}</th>
        <th scope="col">${t(lang, 'next60Days')}</th><th scope="col">${t(lang, 'planInForce')}</th>
        <th scope="col" class="num">${t(lang, 'costThisMonth')}</th>
      </tr></thead>
      <tbody>${items.map((s) => {
        const unit = s.unit ? unitLabel(lang, s.unit) : '';
        const value = (v: number) => `${fmt.number(v)}${unit ? ` ${unit}` : ''}`;
        return html`<tr data-service=${s.id}>
          <th scope="row"><a href=${routeHref({ view: 'service', id: s.id })}>${s.name}</a>
            ${s.metric ? html`<div class="sub">${metricLabel(lang, s.metric)}</div>` : nothing}
            ${s.infrastructure ? html`<div class="sub">${t(lang, 'infrastructure')}</div>` : nothing}</th>
          <td class="peak" data-label=${t(lang, 'nextPeak')}>${
            s.peak
              ? html`<strong class="peak-value">${value(s.peak.mean)}</strong>
                  <div class="peak-when">${fmt.dateTime(s.peak.at)}</div>
                  ${s.peak.event ? html`<div class="sub">${t(lang, 'peakEvent', { event: s.peak.event })}</div>` : nothing}`
              : html`<span class="sub">${t(lang, 'noForecastYet')}</span>`
          }</td>
          <td data-label=${t(lang, 'next60Days')}>${s.spark.length > 1 ? sparkline(s.spark) : '–'}</td>
          <td data-label=${t(lang, 'planInForce')}>${
            s.plan
              ? html`<a href=${routeHref({ view: 'plan', id: s.plan.id })}>${t(lang, 'planTitle', { version: s.plan.version })}</a>
                  <div class="sub">${s.plan.status === 'approved' ? t(lang, 'approved') : t(lang, 'draft')}</div>`
              : html`<span class="sub">${t(lang, 'noPlanYet')}</span>`
          }</td>
          <td class="num" data-label=${t(lang, 'costThisMonth')}>${s.plan ? this.#money(s.plan.currency).format(Number(s.plan.monthCost)) : '–'}</td>
        </tr>`;
      })}</tbody>
    </table>`;
  }

  #grants(items: GrantOverview[], lang: Lang) {
    const locale = localeOf(this);
    const percent = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 0 });
    return html`<table>
      <caption class="visually-hidden">${t(lang, 'grants')}</caption>
      <thead><tr><th scope="col">${t(lang, 'name')}</th><th scope="col">${t(lang, 'spentShare')}</th><th scope="col">${t(lang, 'outlook')}</th></tr></thead>
      <tbody>${items.map((g) => {
        const money = this.#money(g.currency);
        const verdict =
          g.outlook === 'exhausted-early'
            ? t(lang, 'grantExhaustedShort', {
                day: g.exhaustionDay ? calendarDate(locale, g.exhaustionDay) : '–',
              })
            : g.outlook === 'unspent-at-expiry'
              ? t(lang, 'grantUnspentShort', { expected: money.format(Number(g.unspent)) })
              : t(lang, 'grantOnTargetShort');
        const share = Math.max(0, Math.min(1, g.spentShare));
        return html`<tr>
          <th scope="row"><a href=${routeHref({ view: 'grant', id: g.id })}>${g.programme}</a></th>
          <td data-label=${t(lang, 'spentShare')}><span class="bar" aria-hidden="true"><i style="width:${(share * 100).toFixed(0)}%"></i></span>${percent.format(g.spentShare)}
            <div class="sub">${t(lang, 'spentOf', { spent: money.format(Number(g.spendToDate)), amount: money.format(Number(g.amount)) })}</div></td>
          <td class=${g.outlook === 'on-target' ? '' : 'warn'} data-label=${t(lang, 'outlook')}>${verdict}</td>
        </tr>`;
      })}</tbody>
    </table>`;
  }

  #budgets(items: BudgetOverview[], lang: Lang) {
    return html`<table>
      <caption class="visually-hidden">${t(lang, 'budgets')}</caption>
      <thead><tr><th scope="col">${t(lang, 'name')}</th><th scope="col" class="num">${t(lang, 'budgetAmount')}</th><th scope="col" class="num">${t(lang, 'availableNow')}</th><th scope="col" class="num">${t(lang, 'remainingAtYearEnd')}</th></tr></thead>
      <tbody>${items.map((b) => {
        const money = this.#money(b.currency);
        return html`<tr>
          <th scope="row"><a href=${routeHref({ view: 'budget', id: b.id })}>${b.name}</a>
            <div class="sub">${t(lang, 'fiscalYear')} ${b.fiscalYear}</div></th>
          <td class="num" data-label=${t(lang, 'budgetAmount')}>${money.format(Number(b.amount))}</td>
          <td class="num" data-label=${t(lang, 'availableNow')}>${money.format(Number(b.available))}</td>
          <td class="num ${Number(b.remainingAtYearEnd) < 0 ? 'warn' : ''}" data-label=${t(lang, 'remainingAtYearEnd')}>${money.format(Number(b.remainingAtYearEnd))}</td>
        </tr>`;
      })}</tbody>
    </table>`;
  }
}

const FORBIDDEN = Symbol('forbidden');

/** A token or person without finance rights: the list says so quietly instead of an error box. */
async function quietlyForbidden<T>(list: Promise<T>): Promise<T | typeof FORBIDDEN> {
  try {
    return await list;
  } catch (error) {
    if (asApiError(error).status === 403) return FORBIDDEN;
    throw error;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'lastplan-overview': LastplanOverview;
  }
}
