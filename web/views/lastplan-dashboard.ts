import { css, html, LitElement, nothing, type TemplateResult } from 'lit';
import { keyed } from 'lit/directives/keyed.js';
import { deleteResource, getJson, postJson } from '../api/client.ts';
import type { SessionDto, TenantDto } from '../api/dto.ts';
import { problemLine } from '../elements/view-state.ts';
import { formatters } from '../format/formatters.ts';
import { type Lang, langOf, localeOf, t } from '../i18n.ts';
import type { DashboardRoute } from '../routing/dashboard-route.ts';
import { HistoryRouter } from '../routing/history-router.ts';
import { elementStyles } from '../styles/element-styles.ts';
import { routeView } from './route-view.ts';
import { focusTitle } from './view-parts.ts';

/** Where the dashboard keeps the language a person chose. */
const LANG_KEY = 'lastplan-lang';

/**
 * `<lastplan-dashboard>`: the application for IT managers, served at `/` and every view's URL.
 * The shell: sign-in, header with navigation, the router (History API: real URLs, Back/Forward,
 * reload), and the signed-in person's tenant and roles; each view is its own element
 * (web/views/), which loads its own data.
 *
 * Signing in exchanges the token for a session cookie (`POST /v1/session`: HttpOnly,
 * SameSite=Strict) and forgets the token, so no page script can read it; a reload stays signed in
 * until the session ends or the person signs out. Served by the product, so the API is the page's
 * own origin. Method: `signIn(token)`. Parts: `header`, `nav`, `main`.
 */
export class LastplanDashboard extends LitElement {
  static override properties = {
    api: { type: String },
    signedIn: { state: true },
    tenant: { state: true },
    roles: { state: true },
    who: { state: true },
    printedAt: { state: true },
    signInError: { state: true },
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
      main { max-width: 72rem; margin: 1.2rem auto; padding: 0 1rem; }
      section.card { background: var(--lastplan-card, Canvas); color: CanvasText; border: 1px solid var(--_border); border-radius: 6px; padding: 1rem 1.2rem; margin-bottom: 1rem; }
      h2 { font-size: 1.15rem; margin: 0 0 0.6rem; }
      form { display: flex; flex-wrap: wrap; gap: 0.5rem; align-items: center; }
      input { padding: 0.35rem; width: min(22rem, 100%); box-sizing: border-box; }
      .printed { display: none; }
      @media print {
        header button, header nav { display: none; }
        .printed { display: block; margin: 0 0 0.8rem; font-size: 0.85rem; }
      }
    `,
  ];

  api = '';
  signedIn = false;
  tenant: TenantDto | undefined;
  /** The signed-in person's roles, implied ones included (`GET /v1/session`). */
  roles: SessionDto['roles'] = [];
  /** The signed-in person's (or token's) name, for the line on printed pages. */
  who = '';
  /** When the page is printed: set at each view and again just before printing. */
  printedAt = Date.now();
  signInError: TemplateResult | string = '';
  readonly #beforePrint = () => {
    this.printedAt = Date.now();
  };
  readonly router = new HistoryRouter(this, (route) => this.#show(route));

  override connectedCallback(): void {
    super.connectedCallback();
    window.addEventListener('beforeprint', this.#beforePrint);
    const saved = localStorage.getItem(LANG_KEY);
    if (saved === 'de' || saved === 'en') document.documentElement.lang = saved;
    // A session cookie from an earlier sign-in, if it has not expired, signs in again; not when
    // the page came from a sign-in link (page.ts signs in with its token, which starts a new
    // session and ends the old one, so requests on the old cookie would fail half-way).
    if (!/(^#|&)token=/.test(location.hash)) void this.#resume();
  }

  async #resume(): Promise<void> {
    try {
      await this.#enter();
    } catch {
      // No valid session: the sign-in form stays.
    }
  }

  /** Signs in: exchanges the token for the session cookie and keeps nothing of it. */
  async signIn(token: string): Promise<void> {
    try {
      await postJson({ api: this.api, token }, '/v1/session');
      await this.#enter();
    } catch (error) {
      this.signInError = problemLine(error, langOf(this));
    }
  }

  async #enter(): Promise<void> {
    const api = { api: this.api, token: '' };
    const [tenant, session] = await Promise.all([
      getJson<TenantDto>(api, '/v1/tenant'),
      getJson<SessionDto>(api, '/v1/session'),
    ]);
    this.tenant = tenant;
    this.roles = session.roles;
    this.who = session.actor.name;
    this.signedIn = true;
    this.signInError = '';
    this.#show(this.router.route);
  }

  /** After a navigation: the new view's title gets the focus, so a screen reader announces it. */
  async #show(_route: DashboardRoute): Promise<void> {
    if (!this.signedIn) return;
    this.printedAt = Date.now();
    await this.updateComplete;
    const view = this.renderRoot.querySelector('main > :not(.printed)');
    if (view instanceof LitElement) await focusTitle(view);
  }

  /** Shows the dashboard in another language and keeps the choice in this browser (localStorage). */
  switchLanguage(lang: Lang): void {
    localStorage.setItem(LANG_KEY, lang);
    document.documentElement.lang = lang;
    this.requestUpdate();
  }

  async signOut(): Promise<void> {
    await deleteResource({ api: this.api, token: '' }, '/v1/session').catch(() => undefined);
    this.signedIn = false;
    this.tenant = undefined;
    this.roles = [];
  }

  override render() {
    const lang = langOf(this);
    const view = this.router.route.view;
    const other: Lang = lang === 'de' ? 'en' : 'de';
    const current = (views: string[]) => (views.includes(view) ? 'page' : nothing);
    return html`<header part="header">
        <h1 class="brand"><a href="/">lastplan</a></h1>
        <span class="tenant">${this.tenant ? `${this.tenant.name} (${this.tenant.federalState})` : ''}</span>
        ${
          this.signedIn
            ? html`<nav part="nav" aria-label=${t(lang, 'mainNav')}>
                <a href="/" aria-current=${current(['overview'])}>${t(lang, 'dashboard')}</a>
                <a href="/events" aria-current=${current(['events', 'event'])}>${t(lang, 'events')}</a>
                ${
                  this.roles.includes('finance') || this.roles.includes('admin')
                    ? html`<a href="/imports" aria-current=${current(['imports'])}>${t(lang, 'importsNav')}</a>
                      <a href="/exchange-rates" aria-current=${current(['rates'])}>${t(lang, 'ratesNav')}</a>`
                    : nothing
                }
                <a href="/settings" aria-current=${current(['settings'])}>${t(lang, 'settings')}</a>
                ${this.roles.includes('admin') ? html`<a href="/audit" aria-current=${current(['audit'])}>${t(lang, 'audit')}</a>` : nothing}
              </nav>
              <button @click=${() => this.signOut()}>${t(lang, 'signOut')}</button>`
            : nothing
        }
        <button class="lang" @click=${() => this.switchLanguage(other)}>${t(lang, 'language')}: <span lang=${other}>${t(other, 'languageName')}</span></button>
      </header>
      <main part="main">${this.signedIn ? this.#printedLine(lang) : nothing}${
        this.signedIn
          ? // A new language builds the view anew: every text, state and problem message in it.
            keyed(
              lang,
              routeView(this.router.route, { api: this.api, lang, tenant: this.tenant, roles: this.roles }),
            )
          : this.#signInForm(lang)
      }</main>`;
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    window.removeEventListener('beforeprint', this.#beforePrint);
  }

  /** Printed pages say whose numbers they are, when and by whom they were printed. */
  #printedLine(lang: Lang) {
    const when = formatters(localeOf(this), this.tenant?.timeZone ?? 'Europe/Berlin').dateTime(
      this.printedAt,
    );
    return html`<p class="printed">${t(lang, 'printedBy', { tenant: this.tenant?.name ?? '', when, who: this.who })}</p>`;
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
}

declare global {
  interface HTMLElementTagNameMap {
    'lastplan-dashboard': LastplanDashboard;
  }
}
