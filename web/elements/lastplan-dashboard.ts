import { css, html, LitElement, nothing, type TemplateResult } from 'lit';
import { effectPercent, effectSummary } from '../../src/forecast/event-effects.ts';
import { deleteResource, getJson, postJson } from '../api/client.ts';
import type { ForecastData } from '../api/load-forecast.ts';
import { formatters } from '../format/formatters.ts';
import { metricLabel } from '../format/metric-label.ts';
import { groupSeries, labelText, type SeriesRef } from '../format/series-groups.ts';
import { eventKind, type Lang, langOf, localeOf, t } from '../i18n.ts';
import { defaultSeries, SERVICE_HORIZON } from '../overview/load-overview.ts';
import { type DashboardRoute, routeHref } from '../routing/dashboard-route.ts';
import { HistoryRouter } from '../routing/history-router.ts';
import { elementStyles } from '../styles/element-styles.ts';
import type { LastplanOverview } from './lastplan-overview.ts';
import { problemLine, problemState, serverDetail, type ViewState } from './view-state.ts';

interface Tenant {
  name: string;
  federalState: string;
  timeZone: string;
}
interface ServiceDetail {
  id: string;
  key: string;
  name: string;
  owner: string;
  costCentre: string;
  description: string;
  series: SeriesRef[];
}
interface LoadEvent {
  id: string;
  kind: string;
  name: string;
  startsAt: string;
  endsAt: string;
  region: string;
  serviceIds: string[];
  expectedUplift: string | null;
}

interface PlanSummary {
  id: string;
  serviceId: string;
  version: number;
  status: 'draft' | 'approved';
  horizon: { from: string; to: string };
  currency: string;
  cost: { p50: string; planning: string };
}

/**
 * `<lastplan-dashboard>`: the application for IT managers, served at `/`: sign in with a token,
 * the services with their next event, a service with its forecast per metric, and the events.
 *
 * Signing in exchanges the token for a session cookie (`POST /v1/session`: HttpOnly,
 * SameSite=Strict, 8 hours) and forgets the token, so no page script can read it; a reload stays
 * signed in until the cookie expires or the person signs out. Served by the product at `/`, so the
 * API is the page's own origin. Method: `signIn(token)`. Parts: `header`, `nav`, `main`.
 */
export class LastplanDashboard extends LitElement {
  static override properties = {
    api: { type: String },
    signedIn: { state: true },
    tenant: { state: true },
    signInError: { state: true },
    detail: { state: true },
    events: { state: true },
    metric: { state: true },
    effects: { state: true },
    plans: { state: true },
    planError: { state: true },
    planService: { state: true },
    seriesQuery: { state: true },
  };

  static override styles = [
    elementStyles,
    css`
      :host { --_bar: var(--lastplan-bar, #0b3d6b); }
      header { background: var(--_bar); color: #fff; padding: 0.7rem 1.5rem; display: flex; gap: 1rem; align-items: center; flex-wrap: wrap; }
      header .brand { margin: 0; font-size: 1.25rem; font-weight: 700; }
      header a { color: #fff; }
      header .tenant { flex: 1; }
      header nav { display: flex; gap: 1rem; flex-wrap: wrap; }
      header nav a[aria-current='page'] { font-weight: 700; text-underline-offset: 0.3em; text-decoration-thickness: 2px; }
      header button { color: #fff; border-color: #fff; }
      a { color: var(--_accent); }
      .back { margin: 0 0 0.8rem; }
      .chip { display: inline-block; border: 1px solid var(--_border); border-radius: 4px; padding: 0.25rem 0.6rem; text-decoration: none; color: inherit; }
      .chip[aria-current='page'] { background: var(--_accent); border-color: var(--_accent); color: var(--_on-accent); }
      h2:focus { outline: none; }
      main { max-width: 72rem; margin: 1.2rem auto; padding: 0 1rem; }
      section.card { background: var(--lastplan-card, Canvas); color: CanvasText; border: 1px solid var(--_border); border-radius: 6px; padding: 1rem 1.2rem; margin-bottom: 1rem; }
      h2 { font-size: 1.15rem; margin: 0 0 0.6rem; }
      form { display: flex; flex-wrap: wrap; gap: 0.5rem; align-items: center; }
      input { padding: 0.35rem; width: min(22rem, 100%); box-sizing: border-box; }
      .picker { margin-bottom: 0.8rem; }
      .picker details { margin: 0.2rem 0; }
      .picker ul { margin: 0.2rem 0 0.4rem; padding-left: 1.2rem; }
      .picker code { overflow-wrap: anywhere; }
      dl { display: grid; grid-template-columns: max-content 1fr; gap: 0.2rem 1rem; margin: 0 0 0.8rem; }
      dt { font-weight: 600; }
      .metrics { display: flex; gap: 0.4rem; flex-wrap: wrap; margin-bottom: 0.6rem; }
      @media print { header button, nav, .back { display: none; } section.card { border: 0; } }
    `,
  ];

  api = '';
  signedIn = false;
  tenant: Tenant | undefined;
  signInError: TemplateResult | string = '';
  readonly router = new HistoryRouter(this, (route) => this.#show(route));
  /** The service a plan view belongs to (for the way back), once the plan is loaded. */
  planService = '';
  /** The search in the series picker of a service with many series. */
  seriesQuery = '';
  detail: ViewState<ServiceDetail> = { kind: 'loading' };
  events: ViewState<LoadEvent[]> = { kind: 'loading' };
  metric = '';
  /** The effects of the events on the series shown, as its forecast uses them. */
  effects: { metric: string; items: ForecastData['effects'] } | undefined;
  plans: ViewState<PlanSummary[]> = { kind: 'loading' };
  planError: TemplateResult | string = '';

  override connectedCallback(): void {
    super.connectedCallback();
    // A session cookie from an earlier sign-in, if it has not expired, signs in again; not when
    // the page came from a sign-in link (page.ts signs in with its token, which starts a new
    // session and ends the old one, so requests on the old cookie would fail half-way).
    if (!/(^#|&)token=/.test(location.hash)) void this.#resume();
  }

  async #resume(): Promise<void> {
    try {
      this.#enter(await getJson<Tenant>({ api: this.api, token: '' }, '/v1/tenant'));
    } catch {
      // No valid session: the sign-in form stays.
    }
  }

  /** Signs in: exchanges the token for the session cookie and keeps nothing of it. */
  async signIn(token: string): Promise<void> {
    const lang = langOf(this);
    try {
      await postJson({ api: this.api, token }, '/v1/session');
      this.#enter(await getJson<Tenant>({ api: this.api, token: '' }, '/v1/tenant'));
    } catch (error) {
      this.signInError = problemLine(error, lang);
    }
  }

  #enter(tenant: Tenant): void {
    this.tenant = tenant;
    this.signedIn = true;
    this.signInError = '';
    void this.#loadEvents();
    void this.renderRoot.querySelector<LastplanOverview>('lastplan-overview')?.reload();
    this.#show(this.router.route);
  }

  /** Loads what a route needs; called on sign-in and on every navigation. */
  #show(route: DashboardRoute): void {
    if (!this.signedIn) return;
    if (route.view === 'service' || route.view === 'series') {
      const seriesId = route.view === 'series' ? route.seriesId : '';
      if (this.detail.kind !== 'data' || this.detail.data.id !== route.id)
        void this.#open(route.id, seriesId);
      else this.#pickSeries(this.detail.data, seriesId);
      void this.#loadPlans(route.id);
    }
    if (route.view === 'plan') void this.#loadPlanService(route.id);
    void this.#focusTitle();
  }

  async #focusTitle(): Promise<void> {
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('main h2')?.focus({ preventScroll: true });
  }

  async #loadPlanService(id: string): Promise<void> {
    this.planService = '';
    try {
      const plan = await getJson<PlanSummary>(this.#options(), `/v1/plans/${encodeURIComponent(id)}`);
      this.planService = plan.serviceId;
    } catch {
      // The plan element shows the problem itself.
    }
  }

  async signOut(): Promise<void> {
    await deleteResource({ api: this.api, token: '' }, '/v1/session').catch(() => undefined);
    this.signedIn = false;
    this.tenant = undefined;
  }

  async #loadEvents(): Promise<void> {
    const lang = langOf(this);
    try {
      const page = await getJson<{ items: LoadEvent[] }>(this.#options(), '/v1/events');
      this.events = page.items.length
        ? { kind: 'data', data: page.items }
        : { kind: 'empty', message: t(lang, 'noEvents') };
    } catch (error) {
      this.events = problemState(error, lang, '');
    }
  }

  async #open(id: string, seriesId: string): Promise<void> {
    const lang = langOf(this);
    this.detail = { kind: 'loading' };
    this.seriesQuery = '';
    try {
      const detail = await getJson<ServiceDetail>(this.#options(), `/v1/services/${encodeURIComponent(id)}`);
      this.#pickSeries(detail, seriesId);
      this.detail = { kind: 'data', data: detail };
      void this.#focusTitle();
    } catch (error) {
      this.detail = problemState(error, lang, '');
    }
  }

  /** The series in the URL, else the requests per second, else the first. */
  #pickSeries(detail: ServiceDetail, seriesId: string): void {
    const metric = detail.series.find((s) => s.id === seriesId)?.id ?? defaultSeries(detail.series)?.id ?? '';
    if (metric !== this.metric) this.effects = undefined;
    this.metric = metric;
  }

  /** Computes a new plan version for the next 90 days (needs a token with scope `plan`). */
  async #createPlan(serviceId: string): Promise<void> {
    try {
      const plan = await postJson<{ id: string }>(this.#options(), '/v1/plans', {
        serviceId,
        horizon: 'P90D',
      });
      this.planError = '';
      this.router.go({ view: 'plan', id: plan.id });
    } catch (error) {
      this.planError = problemLine(error, langOf(this));
    }
  }

  async #loadPlans(serviceId: string): Promise<void> {
    const lang = langOf(this);
    this.plans = { kind: 'loading' };
    try {
      const page = await getJson<{ items: PlanSummary[] }>(
        this.#options(),
        `/v1/plans?serviceId=${encodeURIComponent(serviceId)}`,
      );
      this.plans = page.items.length
        ? { kind: 'data', data: page.items }
        : { kind: 'empty', message: t(lang, 'noPlans') };
    } catch (error) {
      this.plans = problemState(error, lang, '');
    }
  }

  /** The newest approved plan, else the newest draft: its capacity is drawn on the forecast. */
  #latestPlan(): string {
    if (this.plans.kind !== 'data') return '';
    return (this.plans.data.find((p) => p.status === 'approved') ?? this.plans.data[0])?.id ?? '';
  }

  #options() {
    return { api: this.api, token: '' };
  }

  override render() {
    const lang = langOf(this);
    const view = this.router.route.view;
    const current = (views: string[]) => (views.includes(view) ? 'page' : nothing);
    return html`<header part="header">
        <h1 class="brand"><a href="/">lastplan</a></h1>
        <span class="tenant">${this.tenant ? `${this.tenant.name} (${this.tenant.federalState})` : ''}</span>
        ${
          this.signedIn
            ? html`<nav part="nav" aria-label=${t(lang, 'mainNav')}>
                <a href="/" aria-current=${current(['overview'])}>${t(lang, 'dashboard')}</a>
                <a href="/events" aria-current=${current(['events', 'event'])}>${t(lang, 'events')}</a>
                <a href="/settings" aria-current=${current(['settings'])}>${t(lang, 'settings')}</a>
              </nav>
              <button @click=${() => this.signOut()}>${t(lang, 'signOut')}</button>`
            : nothing
        }
      </header>
      <main part="main">${this.signedIn ? this.#signedIn(lang) : this.#signInForm(lang)}</main>`;
  }

  #signInForm(lang: Lang) {
    return html`<section class="card" aria-labelledby="signin">
      <h2 id="signin">${t(lang, 'signIn')}</h2>
      <p id="token-help">${t(lang, 'tokenHelp')}</p>
      <form @submit=${(e: SubmitEvent) => {
        e.preventDefault();
        const input = (e.target as HTMLFormElement).querySelector('input');
        if (input?.value.trim()) void this.signIn(input.value.trim());
      }}>
        <label for="token-input">${t(lang, 'tokenLabel')}</label>
        <input id="token-input" type="password" autocomplete="off" placeholder="lp_…" required aria-describedby="token-help" />
        <button type="submit">${t(lang, 'signIn')}</button>
      </form>
      <p role="alert">${this.signInError}</p>
    </section>`;
  }

  #backLink(lang: Lang, route: DashboardRoute = { view: 'overview' }) {
    const label = route.view === 'overview' ? t(lang, 'back') : t(lang, 'backToService');
    return html`<p class="back"><a href=${routeHref(route)}>← ${label}</a></p>`;
  }

  #signedIn(lang: Lang) {
    const route = this.router.route;
    const zone = this.tenant?.timeZone ?? 'Europe/Berlin';
    switch (route.view) {
      case 'service':
      case 'series':
        return this.#service(lang);
      case 'grant':
        return html`${this.#backLink(lang)}
          <section class="card"><h2 class="visually-hidden" tabindex="-1">${t(lang, 'grants')}</h2><lastplan-grant .api=${this.api} .session=${true} .grant=${route.id} lang=${lang}></lastplan-grant></section>`;
      case 'budget':
        return html`${this.#backLink(lang)}
          <section class="card"><h2 class="visually-hidden" tabindex="-1">${t(lang, 'budgets')}</h2><lastplan-budget .api=${this.api} .session=${true} .budget=${route.id} lang=${lang}></lastplan-budget></section>`;
      case 'plan':
        return html`${this.planService ? this.#backLink(lang, { view: 'service', id: this.planService }) : this.#backLink(lang)}
          <section class="card"><h2 class="visually-hidden" tabindex="-1">${t(lang, 'plans')}</h2><lastplan-scale-plan .api=${this.api} .session=${true} .plan=${route.id} .timeZone=${zone} approvable lang=${lang}></lastplan-scale-plan></section>
          <section class="card"><lastplan-cost-compare .api=${this.api} .session=${true} .plan=${route.id} lang=${lang}></lastplan-cost-compare></section>`;
      case 'events':
        return html`${this.#backLink(lang)}
          <section class="card" aria-labelledby="events-title">
            <h2 id="events-title" tabindex="-1">${t(lang, 'events')}</h2>
            ${this.#events(lang, undefined)}
          </section>`;
      case 'event':
        return this.#event(lang, route.id);
      case 'settings':
        return this.#settings(lang);
      case 'overview':
        return this.#overview(lang);
    }
  }

  #overview(lang: Lang) {
    return html`<h2 class="visually-hidden" tabindex="-1">${t(lang, 'dashboard')}</h2>
      <lastplan-overview .api=${this.api} .timeZone=${this.tenant?.timeZone ?? 'Europe/Berlin'} lang=${lang}></lastplan-overview>
      <section class="card" aria-labelledby="events-title">
        <h2 id="events-title">${t(lang, 'upcomingEvents')}</h2>
        ${this.#events(lang, undefined, true)}
        <p><a href="/events">${t(lang, 'allEvents')}</a></p>
      </section>`;
  }

  #event(lang: Lang, id: string) {
    const back = html`<p class="back"><a href="/events">← ${t(lang, 'backToEvents')}</a></p>`;
    const state = this.events;
    if (state.kind === 'loading') return html`${back}<p role="status">${t(lang, 'loading')}</p>`;
    if (state.kind === 'error')
      return html`${back}<div role="alert"><strong>${state.title}</strong> ${state.detail} ${serverDetail(lang, state.serverDetail)}</div>`;
    const e = state.kind === 'data' ? state.data.find((x) => x.id === id) : undefined;
    if (!e) return html`${back}<h2 tabindex="-1">${t(lang, 'notFoundView')}</h2>`;
    const fmt = formatters(localeOf(this), this.tenant?.timeZone ?? 'Europe/Berlin');
    return html`${back}<section class="card" aria-labelledby="event-title">
      <h2 id="event-title" tabindex="-1">${e.name}</h2>
      <dl>
        <dt>${t(lang, 'kind')}</dt><dd>${eventKind(lang, e.kind)}</dd>
        <dt>${t(lang, 'from')}</dt><dd>${fmt.dateTime(Date.parse(e.startsAt))}</dd>
        <dt>${t(lang, 'to')}</dt><dd>${fmt.dateTime(Date.parse(e.endsAt))}</dd>
        <dt>${t(lang, 'region')}</dt><dd>${e.region}</dd>
        <dt>${t(lang, 'uplift')}</dt><dd>${e.expectedUplift === null ? '–' : effectPercent(Number(e.expectedUplift), lang)}</dd>
        <dt>${t(lang, 'services')}</dt><dd>${
          e.serviceIds.length
            ? e.serviceIds.map(
                (s, i) =>
                  html`${i ? ', ' : ''}<a href=${routeHref({ view: 'service', id: s })}>${this.#serviceName(s)}</a>`,
              )
            : t(lang, 'allServices')
        }</dd>
      </dl>
    </section>`;
  }

  /** The name of a service the overview's list knows, else its id. */
  #serviceName(id: string): string {
    return this.detail.kind === 'data' && this.detail.data.id === id ? this.detail.data.name : id;
  }

  #settings(lang: Lang) {
    const tenant = this.tenant;
    return html`${this.#backLink(lang)}<section class="card" aria-labelledby="settings-title">
      <h2 id="settings-title" tabindex="-1">${t(lang, 'settings')}</h2>
      <dl>
        <dt>${t(lang, 'tenant')}</dt><dd>${tenant?.name ?? '–'}</dd>
        <dt>${t(lang, 'federalState')}</dt><dd>${tenant?.federalState ?? '–'}</dd>
        <dt>${t(lang, 'timeZoneLabel')}</dt><dd>${tenant?.timeZone ?? '–'}</dd>
        <dt>${t(lang, 'language')}</dt><dd>${t(lang, 'languageName')}</dd>
      </dl>
    </section>`;
  }

  #service(lang: Lang) {
    const state = this.detail;
    const back = this.#backLink(lang);
    if (state.kind === 'loading') return html`${back}<p role="status">${t(lang, 'loading')}</p>`;
    if (state.kind === 'empty') return html`${back}<p role="status">${state.message}</p>`;
    if (state.kind === 'error')
      return html`${back}<div role="alert"><p><strong>${t(lang, 'error')}: ${state.title}</strong></p>${serverDetail(lang, state.serverDetail)}</div>`;
    const s = state.data;
    return html`${back}
      <section class="card" aria-labelledby="service-title">
        <h2 id="service-title" tabindex="-1">${s.name}</h2>
        <dl>
          <dt>${t(lang, 'key')}</dt><dd><code>${s.key}</code></dd>
          <dt>${t(lang, 'owner')}</dt><dd>${s.owner || '–'}</dd>
          <dt>${t(lang, 'costCentre')}</dt><dd>${s.costCentre || '–'}</dd>
        </dl>
        ${this.#seriesPicker(lang, s)}
        ${
          this.metric
            ? html`<lastplan-forecast .api=${this.api} .session=${true} .series=${this.metric} .plan=${this.#latestPlan()} horizon=${SERVICE_HORIZON} history-days="56" lang=${lang} @lastplan-load=${(
                e: CustomEvent<{ metric: string; effects: ForecastData['effects'] }>,
              ) => {
                this.effects = { metric: e.detail.metric, items: e.detail.effects };
              }}></lastplan-forecast>`
            : html`<p role="status">${t(lang, 'forecastEmpty')}</p>`
        }
      </section>
      <section class="card" aria-labelledby="plans-title">
        <h2 id="plans-title">${t(lang, 'plans')}</h2>
        ${this.#plans(lang)}
        <p><button @click=${() => this.#createPlan(s.id)}>${t(lang, 'createPlan')}</button></p>
        <p role="alert">${this.planError}</p>
      </section>
      <section class="card" aria-labelledby="events-title">
        <h2 id="events-title">${t(lang, 'events')}</h2>
        ${this.#events(lang, s.id)}
      </section>`;
  }

  /**
   * The series to show: a row of buttons for a few, a search with the series grouped by metric
   * for many (a Prometheus-fed service has hundreds).
   */
  #seriesPicker(lang: Lang, s: ServiceDetail) {
    const href = (id: string) => routeHref({ view: 'series', id: s.id, seriesId: id });
    const current = (id: string) => (this.metric === id ? 'page' : nothing);
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
        (g) => html`<details ?open=${groups.length <= 3 || g.items.some((i) => i.id === this.metric)}>
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

  #plans(lang: Lang) {
    const state = this.plans;
    if (state.kind === 'loading') return html`<p role="status">${t(lang, 'loading')}</p>`;
    if (state.kind === 'empty') return html`<p>${state.message}</p>`;
    if (state.kind === 'error')
      return html`<div role="alert"><strong>${state.title}</strong> ${state.detail} ${serverDetail(lang, state.serverDetail)}</div>`;
    const fmt = formatters(localeOf(this), this.tenant?.timeZone ?? 'Europe/Berlin');
    return html`<table>
      <caption class="visually-hidden">${t(lang, 'plans')}</caption>
      <thead><tr><th scope="col">${t(lang, 'planTitle', { version: '' }).replace(/[,\s]+$/, '')}</th><th scope="col">${t(lang, 'from')}</th><th scope="col">${t(lang, 'to')}</th><th scope="col">${t(lang, 'status2')}</th><th scope="col" class="num">${t(lang, 'cost')}</th></tr></thead>
      <tbody>${state.data.map((p) => {
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

  #events(lang: Lang, serviceId: string | undefined, upcoming = false) {
    const state = this.events;
    if (state.kind === 'loading') return html`<p role="status">${t(lang, 'loading')}</p>`;
    if (state.kind === 'empty') return html`<p>${state.message}</p>`;
    if (state.kind === 'error')
      return html`<div role="alert"><strong>${state.title}</strong> ${state.detail} ${serverDetail(lang, state.serverDetail)}</div>`;
    const fmt = formatters(localeOf(this), this.tenant?.timeZone ?? 'Europe/Berlin');
    const now = Date.now();
    const items = state.data.filter(
      (e) =>
        (!serviceId || e.serviceIds.length === 0 || e.serviceIds.includes(serviceId)) &&
        (!upcoming || Date.parse(e.endsAt) >= now),
    );
    if (items.length === 0) return html`<p>${t(lang, 'noEvents')}</p>`;
    const effects = serviceId ? this.effects : undefined;
    const effectOf = (e: LoadEvent) =>
      effects?.items.find((x) => x.name === e.name && x.start === Date.parse(e.startsAt));
    return html`<table tabindex="0">
      <caption class="visually-hidden">${t(lang, 'events')}</caption>
      <thead><tr><th scope="col">${t(lang, 'name')}</th><th scope="col">${t(lang, 'kind')}</th><th scope="col">${t(lang, 'from')}</th><th scope="col">${t(lang, 'to')}</th><th scope="col">${t(lang, 'region')}</th><th scope="col" class="num">${t(lang, 'uplift')}</th>${effects ? html`<th scope="col">${t(lang, 'upliftInForecast', { metric: metricLabel(lang, effects.metric) })}</th>` : nothing}</tr></thead>
      <tbody>${items.map((e) => {
        const effect = effectOf(e);
        return html`<tr>
          <td><a href=${routeHref({ view: 'event', id: e.id })}>${e.name}</a></td><td>${eventKind(lang, e.kind)}</td>
          <td>${fmt.date(Date.parse(e.startsAt))}</td><td>${fmt.date(Date.parse(e.endsAt))}</td>
          <td>${e.region}</td>
          <td class="num">${e.expectedUplift === null ? '–' : effectPercent(Number(e.expectedUplift), lang)}</td>
          ${effects ? html`<td>${effect ? effectSummary(effect, lang) : '–'}</td>` : nothing}
        </tr>`;
      })}</tbody>
    </table>
    ${effects ? html`<p class="hint">${t(lang, 'effectDefinition')}</p>` : nothing}`;
  }
}
