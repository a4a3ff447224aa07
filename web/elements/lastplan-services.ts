import { initialState } from '@lit/task';
import { css, html, LitElement, nothing, type TemplateResult } from 'lit';
import { getJson } from '../api/client.ts';
import { langOf, localeOf, t } from '../i18n.ts';
import { problemLine, renderState, taskState, viewTask } from './view-state.ts';

interface Service {
  id: string;
  key: string;
  name: string;
  owner: string;
  costCentre: string;
}

interface Page {
  items: Service[];
  nextCursor?: string;
}

interface Listing extends Page {
  next: Map<string, NextEvent>;
}

interface NextEvent {
  name: string;
  startsAt: number;
}

/** The next event that moves each service's load (events without services affect all). */
function nextEvents(
  items: { name: string; startsAt: string; endsAt: string; serviceIds: string[] }[],
  ids: string[],
) {
  const now = Date.now();
  const next = new Map<string, NextEvent>();
  for (const e of items) {
    if (Date.parse(e.endsAt) < now) continue;
    const event = { name: e.name, startsAt: Date.parse(e.startsAt) };
    for (const id of e.serviceIds.length ? e.serviceIds : ids) {
      const seen = next.get(id);
      if (!seen || seen.startsAt > event.startsAt) next.set(id, event);
    }
  }
  return next;
}

/**
 * `<lastplan-services api="https://planner.example" token="lp_…">` lists the tenant's services.
 *
 * Attributes: `api` (server base URL, default the page's origin), `token` (API or embed token),
 * `lang` (de | en, else the page's). Parts: `table`, `status`. Custom properties:
 * `--lastplan-accent`, `--lastplan-font`, `--lastplan-border`.
 * Event: `lastplan-select` with `detail.id` when a service is chosen. With `service-href` (a
 * URL template such as `/services/{id}`) the names are links instead, which a host page (or the
 * dashboard's router) follows like any other link.
 */
export class LastplanServices extends LitElement {
  static override properties = {
    api: { type: String },
    token: { type: String },
    session: { type: Boolean },
    timeZone: { type: String, attribute: 'time-zone' },
    serviceHref: { type: String, attribute: 'service-href' },
    more: { state: true },
  };

  static override styles = css`
    :host { display: block; font-family: var(--lastplan-font, inherit); }
    table { border-collapse: collapse; width: 100%; }
    th, td { text-align: left; padding: 0.4rem 0.6rem; border-bottom: 1px solid var(--lastplan-border, #d0d7de); }
    th { font-weight: 600; }
    button { font: inherit; color: var(--lastplan-accent, #0b5cad); background: none; border: 0; padding: 0; cursor: pointer; text-decoration: underline; text-align: left; }
    a { color: var(--lastplan-accent, #0b5cad); }
    button:focus-visible, a:focus-visible { outline: 2px solid var(--lastplan-accent, #0b5cad); outline-offset: 2px; }
    [role='alert'] { color: #a40e26; }
    @media (max-width: 40rem) { table { display: block; overflow-x: auto; max-width: 100%; } }
    .visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
  `;

  api = '';
  token = '';
  /** Authenticate by the page's session cookie instead of a token (the dashboard, same origin). */
  session = false;
  /** The tenant's time zone: dates are shown there, not in the browser's zone. */
  timeZone = 'Europe/Berlin';
  /** URL template of a service's page, `{id}` replaced; empty: the names are buttons. */
  serviceHref = '';
  /** Pages loaded with "more" after the first one (reset whenever the list loads anew). */
  more: Page | undefined;
  #moreAbort: AbortController | undefined;

  readonly #task = viewTask(this, {
    args: () => [this.api, this.token, this.session, langOf(this)] as const,
    load: async ([base, token, session], signal): Promise<Listing | typeof initialState> => {
      if (!token && !session) return initialState;
      this.#moreAbort?.abort();
      this.more = undefined;
      const api = { api: base, token };
      const [page, events] = await Promise.all([
        getJson<Page>(api, '/v1/services', signal),
        getJson<{ items: { name: string; startsAt: string; endsAt: string; serviceIds: string[] }[] }>(
          api,
          `/v1/events?from=${new Date().toISOString()}`,
          signal,
        ).catch(() => ({ items: [] })),
      ]);
      return {
        ...page,
        next: nextEvents(
          events.items,
          page.items.map((s) => s.id),
        ),
      };
    },
    empty: (listing, lang) => (listing.items.length ? undefined : t(lang, 'empty')),
  });

  /** Loads the list anew. */
  async load(): Promise<void> {
    await this.#task.run();
  }

  /** Appends the page after `cursor`. */
  async #loadMore(cursor: string): Promise<void> {
    this.#moreAbort?.abort();
    const abort = new AbortController();
    this.#moreAbort = abort;
    this.#moreError = undefined;
    try {
      const page = await getJson<Page>(
        { api: this.api, token: this.token },
        `/v1/services?cursor=${encodeURIComponent(cursor)}`,
        abort.signal,
      );
      this.more = {
        items: [...(this.more?.items ?? []), ...page.items],
        ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}),
      };
    } catch (error) {
      if (!abort.signal.aborted) this.#moreError = problemLine(error, langOf(this));
      this.requestUpdate();
    }
  }

  #moreError: TemplateResult | undefined;

  override render() {
    const lang = langOf(this);
    return renderState(taskState(this.#task, lang, true), lang, (listing) => this.#table(listing, lang));
  }

  #table(listing: Listing, lang: 'de' | 'en') {
    const items = [...listing.items, ...(this.more?.items ?? [])];
    const nextCursor = this.more ? this.more.nextCursor : listing.nextCursor;
    return html`<table part="table">
        <caption class="visually-hidden">${t(lang, 'services')}</caption>
        <thead>
          <tr><th scope="col">${t(lang, 'name')}</th><th scope="col">${t(lang, 'key')}</th><th scope="col">${t(lang, 'owner')}</th><th scope="col">${t(lang, 'costCentre')}</th><th scope="col">${t(lang, 'nextEvent')}</th></tr>
        </thead>
        <tbody>
          ${items.map(
            (s) => html`<tr>
              <td>${
                this.serviceHref
                  ? html`<a href=${this.serviceHref.replace('{id}', encodeURIComponent(s.id))}>${s.name}</a>`
                  : html`<button @click=${() => this.#select(s.id)}>${s.name}</button>`
              }</td>
              <td><code>${s.key}</code></td>
              <td>${s.owner}</td>
              <td>${s.costCentre}</td>
              <td>${this.#next(listing.next.get(s.id), lang)}</td>
            </tr>`,
          )}
        </tbody>
      </table>
      ${this.#moreError ? html`<p role="alert">${this.#moreError}</p>` : nothing}
      ${nextCursor ? html`<button @click=${() => this.#loadMore(nextCursor)}>${t(lang, 'more')}</button>` : nothing}`;
  }

  #next(event: NextEvent | undefined, lang: 'de' | 'en') {
    if (!event) return '–';
    const date = new Intl.DateTimeFormat(localeOf(this), {
      day: 'numeric',
      month: 'short',
      year: 'numeric',
      timeZone: this.timeZone,
    }).format(event.startsAt);
    return t(lang, 'eventFrom', { name: event.name, date });
  }

  #select(id: string): void {
    this.dispatchEvent(new CustomEvent('lastplan-select', { detail: { id }, bubbles: true, composed: true }));
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'lastplan-services': LastplanServices;
  }
}
