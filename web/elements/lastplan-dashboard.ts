import { css, html, LitElement, nothing } from 'lit';
import { effectPercent, effectSummary } from '../../src/forecast/event-effects.ts';
import { asApiError, deleteResource, getJson, postJson } from '../api/client.ts';
import type { ForecastData } from '../api/load-forecast.ts';
import { formatters } from '../format/formatters.ts';
import { eventKind, type Lang, langOf, localeOf, t } from '../i18n.ts';
import { elementStyles } from '../styles/element-styles.ts';
import { problemState, type ViewState } from './view-state.ts';

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
  series: { id: string; metric: string; unit: string }[];
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

type View =
  | { kind: 'home' }
  | { kind: 'service'; id: string }
  | { kind: 'plan'; id: string; serviceId: string }
  | { kind: 'grant'; id: string }
  | { kind: 'budget'; id: string };

interface GrantSummary {
  id: string;
  programme: string;
  funder: string;
  amount: string;
  currency: string;
  period: { start: string; end: string };
}

interface BudgetSummary {
  id: string;
  name: string;
  fiscalYear: number;
  amount: string;
  currency: string;
}

interface PlanSummary {
  id: string;
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
    view: { state: true },
    detail: { state: true },
    events: { state: true },
    metric: { state: true },
    effects: { state: true },
    plans: { state: true },
    grants: { state: true },
    budgets: { state: true },
    planError: { state: true },
  };

  static override styles = [
    elementStyles,
    css`
      :host { --_bar: var(--lastplan-bar, #0b3d6b); }
      header { background: var(--_bar); color: #fff; padding: 0.7rem 1.5rem; display: flex; gap: 1rem; align-items: center; flex-wrap: wrap; }
      header h1 { margin: 0; font-size: 1.25rem; }
      header .tenant { flex: 1; }
      header button { color: #fff; border-color: #fff; }
      main { max-width: 72rem; margin: 1.2rem auto; padding: 0 1rem; }
      section.card { background: var(--lastplan-card, Canvas); color: CanvasText; border: 1px solid var(--_border); border-radius: 6px; padding: 1rem 1.2rem; margin-bottom: 1rem; }
      h2 { font-size: 1.15rem; margin: 0 0 0.6rem; }
      form { display: flex; flex-wrap: wrap; gap: 0.5rem; align-items: center; }
      input { padding: 0.35rem; min-width: 22rem; }
      dl { display: grid; grid-template-columns: max-content 1fr; gap: 0.2rem 1rem; margin: 0 0 0.8rem; }
      dt { font-weight: 600; }
      .metrics { display: flex; gap: 0.4rem; flex-wrap: wrap; margin-bottom: 0.6rem; }
      @media print { header button, nav { display: none; } section.card { border: 0; } }
    `,
  ];

  api = '';
  signedIn = false;
  tenant: Tenant | undefined;
  signInError = '';
  view: View = { kind: 'home' };
  detail: ViewState<ServiceDetail> = { kind: 'loading' };
  events: ViewState<LoadEvent[]> = { kind: 'loading' };
  metric = '';
  /** The effects of the events on the series shown, as its forecast uses them. */
  effects: { metric: string; items: ForecastData['effects'] } | undefined;
  plans: ViewState<PlanSummary[]> = { kind: 'loading' };
  grants: ViewState<GrantSummary[]> = { kind: 'loading' };
  budgets: ViewState<BudgetSummary[]> = { kind: 'loading' };
  planError = '';

  override connectedCallback(): void {
    super.connectedCallback();
    // A session cookie from an earlier sign-in, if it has not expired, signs in again.
    void this.#resume();
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
      const state = problemState(error, lang, '');
      this.signInError = state.kind === 'error' ? `${state.title}: ${state.detail}` : String(error);
    }
  }

  #enter(tenant: Tenant): void {
    this.tenant = tenant;
    this.signedIn = true;
    this.signInError = '';
    this.view = { kind: 'home' };
    void this.#loadEvents();
    void this.#loadGrants();
    void this.#loadBudgets();
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

  async #open(id: string): Promise<void> {
    const lang = langOf(this);
    this.view = { kind: 'service', id };
    this.detail = { kind: 'loading' };
    try {
      const detail = await getJson<ServiceDetail>(this.#options(), `/v1/services/${encodeURIComponent(id)}`);
      this.effects = undefined;
      this.metric =
        detail.series.find((s) => s.metric === 'requests_per_second')?.id ?? detail.series[0]?.id ?? '';
      this.detail = { kind: 'data', data: detail };
      void this.#loadPlans(id);
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLElement>('#service-title')?.focus();
    } catch (error) {
      this.detail = problemState(error, lang, '');
    }
  }

  async #loadGrants(): Promise<void> {
    const lang = langOf(this);
    try {
      const page = await getJson<{ items: GrantSummary[] }>(this.#options(), '/v1/grants');
      this.grants = page.items.length
        ? { kind: 'data', data: page.items }
        : { kind: 'empty', message: t(lang, 'noGrants') };
    } catch (error) {
      const e = asApiError(error);
      // A read token may not see finance: say so quietly instead of showing an error box.
      this.grants =
        e.status === 403 ? { kind: 'empty', message: t(lang, 'grantsForbidden') } : problemState(e, lang, '');
    }
  }

  async #loadBudgets(): Promise<void> {
    const lang = langOf(this);
    try {
      const page = await getJson<{ items: BudgetSummary[] }>(this.#options(), '/v1/budgets');
      this.budgets = page.items.length
        ? { kind: 'data', data: page.items }
        : { kind: 'empty', message: t(lang, 'noBudgets') };
    } catch (error) {
      const e = asApiError(error);
      this.budgets =
        e.status === 403
          ? { kind: 'empty', message: t(lang, 'budgetsForbidden') }
          : problemState(e, lang, '');
    }
  }

  /** Computes a new plan version for the next 90 days (needs a token with scope `plan`). */
  async #createPlan(serviceId: string): Promise<void> {
    try {
      const plan = await postJson<{ id: string }>(this.#options(), '/v1/plans', {
        serviceId,
        horizon: 'P90D',
      });
      this.planError = '';
      this.view = { kind: 'plan', id: plan.id, serviceId };
    } catch (error) {
      const e = asApiError(error);
      this.planError = `${e.title}: ${e.detail}`;
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
    return html`<header part="header">
        <h1>lastplan</h1>
        <span class="tenant">${this.tenant ? `${this.tenant.name} (${this.tenant.federalState})` : ''}</span>
        ${this.signedIn ? html`<button @click=${() => this.signOut()}>${t(lang, 'signOut')}</button>` : nothing}
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

  #signedIn(lang: Lang) {
    if (this.view.kind === 'service') return this.#service(lang);
    if (this.view.kind === 'grant') {
      return html`<nav part="nav"><button class="link" @click=${() => {
        this.view = { kind: 'home' };
      }}>← ${t(lang, 'back')}</button></nav>
        <section class="card"><lastplan-grant .api=${this.api} .session=${true} .grant=${this.view.id} lang=${lang}></lastplan-grant></section>`;
    }
    if (this.view.kind === 'budget') {
      return html`<nav part="nav"><button class="link" @click=${() => {
        this.view = { kind: 'home' };
      }}>← ${t(lang, 'back')}</button></nav>
        <section class="card"><lastplan-budget .api=${this.api} .session=${true} .budget=${this.view.id} lang=${lang}></lastplan-budget></section>`;
    }
    if (this.view.kind === 'plan') {
      const serviceId = this.view.serviceId;
      return html`<nav part="nav"><button class="link" @click=${() => {
        this.view = { kind: 'service', id: serviceId };
        void this.#loadPlans(serviceId);
      }}>← ${t(lang, 'back')}</button></nav>
        <section class="card"><lastplan-scale-plan .api=${this.api} .session=${true} .plan=${this.view.id} .timeZone=${this.tenant?.timeZone ?? 'Europe/Berlin'} approvable lang=${lang}></lastplan-scale-plan></section>
        <section class="card"><lastplan-cost-compare .api=${this.api} .session=${true} .plan=${this.view.id} lang=${lang}></lastplan-cost-compare></section>`;
    }
    return html`<section class="card" aria-labelledby="services-title">
        <h2 id="services-title">${t(lang, 'services')}</h2>
        <lastplan-services .api=${this.api} .session=${true} .timeZone=${this.tenant?.timeZone ?? 'Europe/Berlin'} @lastplan-select=${(e: CustomEvent<{ id: string }>) => this.#open(e.detail.id)}></lastplan-services>
      </section>
      <section class="card" aria-labelledby="grants-title">
        <h2 id="grants-title">${t(lang, 'grants')}</h2>
        ${this.#grants(lang)}
      </section>
      <section class="card" aria-labelledby="budgets-title">
        <h2 id="budgets-title">${t(lang, 'budgets')}</h2>
        ${this.#budgets(lang)}
      </section>
      <section class="card" aria-labelledby="events-title">
        <h2 id="events-title">${t(lang, 'events')}</h2>
        ${this.#events(lang, undefined)}
      </section>`;
  }

  #budgets(lang: Lang) {
    const state = this.budgets;
    if (state.kind === 'loading') return html`<p role="status">${t(lang, 'loading')}</p>`;
    if (state.kind === 'empty') return html`<p>${state.message}</p>`;
    if (state.kind === 'error')
      return html`<div role="alert"><strong>${state.title}</strong> ${state.detail}</div>`;
    return html`<ul>${state.data.map((b) => {
      const money = new Intl.NumberFormat(localeOf(this), {
        style: 'currency',
        currency: b.currency || 'EUR',
      });
      return html`<li><button class="link" @click=${() => {
        this.view = { kind: 'budget', id: b.id };
      }}>${b.name}</button> (${t(lang, 'fiscalYear')} ${b.fiscalYear}, ${money.format(Number(b.amount))})</li>`;
    })}</ul>`;
  }

  #service(lang: Lang) {
    const state = this.detail;
    const back = html`<nav part="nav"><button class="link" @click=${() => {
      this.view = { kind: 'home' };
    }}>← ${t(lang, 'back')}</button></nav>`;
    if (state.kind === 'loading') return html`${back}<p role="status">${t(lang, 'loading')}</p>`;
    if (state.kind === 'empty') return html`${back}<p role="status">${state.message}</p>`;
    if (state.kind === 'error')
      return html`${back}<div role="alert"><p><strong>${t(lang, 'error')}: ${state.title}</strong></p><p>${state.detail}</p></div>`;
    const s = state.data;
    return html`${back}
      <section class="card" aria-labelledby="service-title">
        <h2 id="service-title" tabindex="-1">${s.name}</h2>
        <dl>
          <dt>${t(lang, 'key')}</dt><dd><code>${s.key}</code></dd>
          <dt>${t(lang, 'owner')}</dt><dd>${s.owner || '–'}</dd>
          <dt>${t(lang, 'costCentre')}</dt><dd>${s.costCentre || '–'}</dd>
        </dl>
        <div class="metrics" role="group" aria-label=${t(lang, 'series')}>
          ${s.series.map(
            (x) =>
              html`<button aria-pressed=${this.metric === x.id ? 'true' : 'false'} @click=${() => {
                this.metric = x.id;
                this.effects = undefined;
              }}>${x.metric}</button>`,
          )}
        </div>
        ${
          this.metric
            ? html`<lastplan-forecast .api=${this.api} .session=${true} .series=${this.metric} .plan=${this.#latestPlan()} horizon="P90D" history-days="56" lang=${lang} @lastplan-load=${(
                e: CustomEvent<{ metric: string; effects: ForecastData['effects'] }>,
              ) => {
                this.effects = { metric: e.detail.metric, items: e.detail.effects };
              }}></lastplan-forecast>`
            : html`<p role="status">${t(lang, 'forecastEmpty')}</p>`
        }
      </section>
      <section class="card" aria-labelledby="plans-title">
        <h2 id="plans-title">${t(lang, 'plans')}</h2>
        ${this.#plans(lang, s.id)}
        <p><button @click=${() => this.#createPlan(s.id)}>${t(lang, 'createPlan')}</button></p>
        <p role="alert">${this.planError}</p>
      </section>
      <section class="card" aria-labelledby="events-title">
        <h2 id="events-title">${t(lang, 'events')}</h2>
        ${this.#events(lang, s.id)}
      </section>`;
  }

  #grants(lang: Lang) {
    const state = this.grants;
    if (state.kind === 'loading') return html`<p role="status">${t(lang, 'loading')}</p>`;
    if (state.kind === 'empty') return html`<p>${state.message}</p>`;
    if (state.kind === 'error')
      return html`<div role="alert"><strong>${state.title}</strong> ${state.detail}</div>`;
    return html`<ul>${state.data.map((g) => {
      const money = new Intl.NumberFormat(localeOf(this), {
        style: 'currency',
        currency: g.currency || 'EUR',
      });
      return html`<li><button class="link" @click=${() => {
        this.view = { kind: 'grant', id: g.id };
      }}>${g.programme}</button> (${g.funder}, ${money.format(Number(g.amount))}, ${g.period.start} – ${g.period.end})</li>`;
    })}</ul>`;
  }

  #plans(lang: Lang, serviceId: string) {
    const state = this.plans;
    if (state.kind === 'loading') return html`<p role="status">${t(lang, 'loading')}</p>`;
    if (state.kind === 'empty') return html`<p>${state.message}</p>`;
    if (state.kind === 'error')
      return html`<div role="alert"><strong>${state.title}</strong> ${state.detail}</div>`;
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
          <td><button class="link" @click=${() => {
            this.view = { kind: 'plan', id: p.id, serviceId };
          }}>${t(lang, 'planTitle', { version: p.version })}</button></td>
          <td>${fmt.date(Date.parse(p.horizon.from))}</td><td>${fmt.date(Date.parse(p.horizon.to))}</td>
          <td>${p.status === 'approved' ? t(lang, 'approved') : t(lang, 'draft')}</td>
          <td class="num">${money.format(Number(p.cost.p50))} – ${money.format(Number(p.cost.planning))}</td>
        </tr>`;
      })}</tbody>
    </table>`;
  }

  #events(lang: Lang, serviceId: string | undefined) {
    const state = this.events;
    if (state.kind === 'loading') return html`<p role="status">${t(lang, 'loading')}</p>`;
    if (state.kind === 'empty') return html`<p>${state.message}</p>`;
    if (state.kind === 'error')
      return html`<div role="alert"><strong>${state.title}</strong> ${state.detail}</div>`;
    const fmt = formatters(localeOf(this), this.tenant?.timeZone ?? 'Europe/Berlin');
    const items = state.data.filter(
      (e) => !serviceId || e.serviceIds.length === 0 || e.serviceIds.includes(serviceId),
    );
    if (items.length === 0) return html`<p>${t(lang, 'noEvents')}</p>`;
    const effects = serviceId ? this.effects : undefined;
    const effectOf = (e: LoadEvent) =>
      effects?.items.find((x) => x.name === e.name && x.start === Date.parse(e.startsAt));
    return html`<table>
      <caption class="visually-hidden">${t(lang, 'events')}</caption>
      <thead><tr><th scope="col">${t(lang, 'name')}</th><th scope="col">${t(lang, 'kind')}</th><th scope="col">${t(lang, 'from')}</th><th scope="col">${t(lang, 'to')}</th><th scope="col">${t(lang, 'region')}</th><th scope="col" class="num">${t(lang, 'uplift')}</th>${effects ? html`<th scope="col">${t(lang, 'upliftInForecast', { metric: effects.metric })}</th>` : nothing}</tr></thead>
      <tbody>${items.map((e) => {
        const effect = effectOf(e);
        return html`<tr>
          <td>${e.name}</td><td>${eventKind(lang, e.kind)}</td>
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
