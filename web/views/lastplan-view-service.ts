import { initialState } from '@lit/task';
import { css, html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { asApiError, getJson, postJson } from '../api/client.ts';
import type { Page, PlanSummaryDto, ServiceDetailDto } from '../api/dto.ts';
import type { ForecastData } from '../api/load-forecast.ts';
import { emptyList, problemLine, renderState, taskState, viewTask } from '../elements/view-state.ts';
import { formatters } from '../format/formatters.ts';
import { metricLabel } from '../format/metric-label.ts';
import { groupSeries, labelText } from '../format/series-groups.ts';
import { type Lang, langOf, localeOf, t } from '../i18n.ts';
import { defaultSeries, SERVICE_HORIZON } from '../overview/load-overview.ts';
import { routeHref } from '../routing/dashboard-route.ts';
import { DashboardView, sessionApi } from './dashboard-view.ts';
import { eventsTable, eventsTask, type SeriesEffects } from './events-table.ts';
import { backLink, focusTitle, navigate } from './view-parts.ts';

/**
 * `<lastplan-view-service service="…" series="…">` at `/services/{id}` and
 * `/services/{id}/series/{seriesId}`: a service with the forecast of one of its series (the one in
 * the URL, else requests per second, else the first), its plans and its events.
 */
export class LastplanViewService extends DashboardView {
  static override properties = {
    service: { type: String },
    series: { type: String },
    seriesQuery: { state: true },
    effects: { state: true },
    planError: { state: true },
  };

  static override styles = [
    ...DashboardView.styles,
    css`
      .picker { margin-bottom: 0.8rem; }
      .picker details { margin: 0.2rem 0; }
      .picker ul { margin: 0.2rem 0 0.4rem; padding-left: 1.2rem; }
      .picker code { overflow-wrap: anywhere; }
      .metrics { display: flex; gap: 0.4rem; flex-wrap: wrap; margin-bottom: 0.6rem; }
    `,
  ];

  service = '';
  /** The series in the URL ('' for the default one). */
  series = '';
  /** The search in the series picker of a service with many series. */
  seriesQuery = '';
  /** The effects of the events on the series shown, as its forecast uses them. */
  effects: (SeriesEffects & { series: string }) | undefined;
  /** The service whose title got the focus (once per service, when it has loaded). */
  #focused = '';
  planError: TemplateResult | string = '';

  readonly #detail = viewTask(this, {
    args: () => [this.api, this.service, langOf(this)] as const,
    load: async ([api, id], signal) => {
      if (!id) return initialState;
      return getJson<ServiceDetailDto>(sessionApi(api), `/v1/services/${encodeURIComponent(id)}`, signal);
    },
  });

  readonly #plans = viewTask(this, {
    args: () => [this.api, this.service, langOf(this)] as const,
    load: async ([api, id], signal) => {
      if (!id) return initialState;
      const query = `/v1/plans?serviceId=${encodeURIComponent(id)}`;
      return (await getJson<Page<PlanSummaryDto>>(sessionApi(api), query, signal)).items;
    },
    empty: emptyList((lang) => t(lang, 'noPlans')),
  });

  readonly #events = eventsTask(this);

  override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('service')) {
      this.seriesQuery = '';
      this.planError = '';
    }
  }

  override updated(): void {
    const detail = this.#detail.value;
    if (detail?.kind === 'data' && detail.data.id !== this.#focused) {
      this.#focused = detail.data.id;
      void focusTitle(this);
    }
  }

  /** The series shown: the one in the URL, else the requests per second, else the first. */
  #metric(detail: ServiceDetailDto): string {
    return detail.series.find((s) => s.id === this.series)?.id ?? defaultSeries(detail.series)?.id ?? '';
  }

  /** The newest approved plan, else the newest draft: its capacity is drawn on the forecast. */
  #latestPlan(): string {
    const plans = taskState(this.#plans, 'de');
    if (plans.kind !== 'data') return '';
    return (plans.data.find((p) => p.status === 'approved') ?? plans.data[0])?.id ?? '';
  }

  /** Computes a new plan version for the next 90 days (needs the planner role). */
  async #createPlan(serviceId: string): Promise<void> {
    try {
      const plan = await postJson<{ id: string }>(sessionApi(this.api), '/v1/plans', {
        serviceId,
        horizon: 'P90D',
      });
      this.planError = '';
      navigate(this, { view: 'plan', id: plan.id });
    } catch (error) {
      const lang = langOf(this);
      this.planError = (await this.#capacityMissing(serviceId))
        ? html`<strong>${t(lang, 'capacityPlanMissing')}</strong>
            <button class="link" @click=${() => void this.renderRoot.querySelector('lastplan-capacity')?.openForm()}>${t(lang, 'capacityGoToForm')}</button>`
        : problemLine(error, lang);
    }
  }

  /** Whether a refused plan was refused for want of a capacity model (asked, not read from words). */
  async #capacityMissing(serviceId: string): Promise<boolean> {
    try {
      await getJson(sessionApi(this.api), `/v1/services/${encodeURIComponent(serviceId)}/capacity`);
      return false;
    } catch (error) {
      return asApiError(error).status === 404;
    }
  }

  override render() {
    const lang = langOf(this);
    const detail = taskState(this.#detail, lang);
    return html`${backLink(lang)}${renderState(detail, lang, (s) => this.#view(s, lang))}`;
  }

  #view(s: ServiceDetailDto, lang: Lang) {
    const metric = this.#metric(s);
    const effects = this.effects?.series === metric ? this.effects : undefined;
    return html`<section class="card" aria-labelledby="service-title">
        <h2 id="service-title" tabindex="-1">${s.name}</h2>
        <dl>
          <dt>${t(lang, 'key')}</dt><dd><code>${s.key}</code></dd>
          <dt>${t(lang, 'owner')}</dt><dd>${s.owner || '–'}</dd>
          <dt>${t(lang, 'costCentre')}</dt><dd>${s.costCentre || '–'}</dd>
        </dl>
        ${
          this.can('planner')
            ? html`<details class="edit"><summary>${t(lang, 'editService')}</summary>
                <lastplan-service-form .api=${this.api} .roles=${this.roles} .service=${s} lang=${lang}
                  @lastplan-service-saved=${() => void this.#detail.run()}></lastplan-service-form>
              </details>`
            : nothing
        }
        ${this.#seriesPicker(lang, s, metric)}
        ${
          metric
            ? html`<lastplan-forecast .api=${this.api} .session=${true} .series=${metric} .plan=${this.#latestPlan()} horizon=${SERVICE_HORIZON} history-days="56" lang=${lang} @lastplan-load=${(
                e: CustomEvent<{ metric: string; effects: ForecastData['effects'] }>,
              ) => {
                this.effects = { series: metric, metric: e.detail.metric, items: e.detail.effects };
              }}></lastplan-forecast>`
            : html`<p role="status">${t(lang, 'forecastEmpty')}</p>`
        }
      </section>
      <section class="card" aria-labelledby="capacity-title">
        <lastplan-capacity .api=${this.api} .roles=${this.roles} time-zone=${this.timeZone} .service=${s} lang=${lang}
          @lastplan-capacity-saved=${() => {
            this.planError = '';
          }}></lastplan-capacity>
      </section>
      <section class="card" aria-labelledby="plans-title">
        <h2 id="plans-title">${t(lang, 'plans')}</h2>
        ${renderState(taskState(this.#plans, lang), lang, (plans) => this.#plansTable(plans, lang))}
        ${
          this.can('planner')
            ? html`<p><button @click=${() => this.#createPlan(s.id)}>${t(lang, 'createPlan')}</button></p>
              <p role="alert">${this.planError}</p>`
            : nothing
        }
      </section>
      <section class="card" aria-labelledby="events-title">
        <h2 id="events-title">${t(lang, 'events')}</h2>
        ${renderState(taskState(this.#events, lang), lang, (events) =>
          eventsTable(events, {
            lang,
            locale: localeOf(this),
            timeZone: this.timeZone,
            serviceId: s.id,
            effects,
          }),
        )}
      </section>`;
  }

  /**
   * The series to show: a row of buttons for a few, a search with the series grouped by metric
   * for many (a Prometheus-fed service has hundreds).
   */
  #seriesPicker(lang: Lang, s: ServiceDetailDto, metric: string) {
    const href = (id: string) => routeHref({ view: 'series', id: s.id, seriesId: id });
    const current = (id: string) => (metric === id ? 'page' : nothing);
    if (s.series.length <= 8) {
      const twice = new Set(
        s.series
          .filter((x, i) => s.series.findIndex((y) => y.metric === x.metric) !== i)
          .map((x) => x.metric),
      );
      return html`<div class="metrics" role="group" aria-label=${t(lang, 'series')}>
        ${s.series.map(
          (x) =>
            html`<a class="chip" href=${href(x.id)} aria-current=${current(x.id)}>${metricLabel(lang, x.metric)}${twice.has(x.metric) ? ` (${labelText(x.labels)})` : ''}</a>`,
        )}
      </div>`;
    }
    const groups = groupSeries(s.series, this.seriesQuery, (m) => metricLabel(lang, m));
    const shown = groups.reduce((n, g) => n + g.items.length, 0);
    const MAX_GROUPS = 40;
    return html`<div class="picker" role="group" aria-label=${t(lang, 'series')}>
      <label for="series-search">${t(lang, 'seriesSearch')}</label>
      <input id="series-search" type="search" .value=${this.seriesQuery} @input=${(e: InputEvent) => {
        this.seriesQuery = (e.target as HTMLInputElement).value;
      }} />
      <p role="status">${t(lang, 'seriesFound', { n: shown, total: s.series.length, groups: groups.length })}</p>
      ${groups.slice(0, MAX_GROUPS).map(
        (g) => html`<details ?open=${groups.length <= 3 || g.items.some((i) => i.id === metric)}>
          <summary>${metricLabel(lang, g.metric)} (${g.items.length})</summary>
          <ul>${g.items.map(
            (i) =>
              html`<li><a href=${href(i.id)} aria-current=${current(i.id)}><code>${i.labels || g.metric}</code></a></li>`,
          )}</ul>
        </details>`,
      )}
      ${groups.length > MAX_GROUPS ? html`<p>${t(lang, 'seriesMore', { n: groups.length - MAX_GROUPS })}</p>` : nothing}
    </div>`;
  }

  #plansTable(plans: readonly PlanSummaryDto[], lang: Lang) {
    const fmt = formatters(localeOf(this), this.timeZone);
    return html`<table>
      <caption class="visually-hidden">${t(lang, 'plans')}</caption>
      <thead><tr><th scope="col">${t(lang, 'planTitle', { version: '' }).replace(/[,\s]+$/, '')}</th><th scope="col">${t(lang, 'from')}</th><th scope="col">${t(lang, 'to')}</th><th scope="col">${t(lang, 'status2')}</th><th scope="col" class="num">${t(lang, 'cost')}</th></tr></thead>
      <tbody>${plans.map((p) => {
        const money = new Intl.NumberFormat(localeOf(this), {
          style: 'currency',
          currency: p.currency || 'EUR',
        });
        return html`<tr>
          <td><a href=${routeHref({ view: 'plan', id: p.id })}>${t(lang, 'planTitle', { version: p.version })}</a></td>
          <td>${fmt.date(Date.parse(p.horizon.from))}</td><td>${fmt.date(Date.parse(p.horizon.to))}</td>
          <td>${p.status === 'approved' ? t(lang, 'approved') : t(lang, 'draft')}</td>
          <td class="num">${money.format(Number(p.cost.p50))} – ${money.format(Number(p.cost.planning))}</td>
        </tr>`;
      })}</tbody>
    </table>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'lastplan-view-service': LastplanViewService;
  }
}
