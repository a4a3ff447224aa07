import { initialState } from '@lit/task';
import { html, nothing } from 'lit';
import { effectPercent } from '../../src/forecast/event-effects.ts';
import { asApiError, getJson } from '../api/client.ts';
import type { EventDto, Page, ServiceDto } from '../api/dto.ts';
import { renderState, taskState, viewTask } from '../elements/view-state.ts';
import { formatters } from '../format/formatters.ts';
import { eventKind, type Lang, langOf, localeOf, t } from '../i18n.ts';
import { routeHref } from '../routing/dashboard-route.ts';
import { DashboardView, sessionApi } from './dashboard-view.ts';

interface EventView {
  readonly event: EventDto | undefined;
  /** The names of the services, by id (an event names its services by id). */
  readonly names: ReadonlyMap<string, string>;
}

/** `<lastplan-view-event event="…">` at `/events/{id}`: one event, its dates, uplift and services. */
export class LastplanViewEvent extends DashboardView {
  static override properties = { event: { type: String }, saved: { state: true } };

  event = '';
  /** Set after the form saved a change, until the next one. */
  saved = false;

  readonly #data = viewTask(this, {
    args: () => [this.api, this.event, langOf(this)] as const,
    load: async ([api, id], signal): Promise<EventView | typeof initialState> => {
      if (!id) return initialState;
      const options = sessionApi(api);
      const [event, services] = await Promise.all([
        getJson<EventDto>(options, `/v1/events/${encodeURIComponent(id)}`, signal).catch((error) => {
          if (asApiError(error).status === 404) return undefined;
          throw error;
        }),
        getJson<Page<ServiceDto>>(options, '/v1/services?limit=500', signal).catch(() => ({ items: [] })),
      ]);
      return { event, names: new Map(services.items.map((s) => [s.id, s.name])) };
    },
  });

  override willUpdate(changed: Map<string, unknown>): void {
    if (changed.has('event')) this.saved = false;
  }

  override render() {
    const lang = langOf(this);
    const back = html`<p class="back"><a href="/events">← ${t(lang, 'backToEvents')}</a></p>`;
    return html`${back}${renderState(taskState(this.#data, lang), lang, (data) => this.#view(data, lang))}`;
  }

  #view({ event: e, names }: EventView, lang: Lang) {
    if (!e) return html`<h2 tabindex="-1">${t(lang, 'notFoundView')}</h2>`;
    const fmt = formatters(localeOf(this), this.timeZone);
    return html`<section class="card" aria-labelledby="event-title">
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
                  html`${i ? ', ' : ''}<a href=${routeHref({ view: 'service', id: s })}>${names.get(s) ?? s}</a>`,
              )
            : t(lang, 'allServices')
        }</dd>
      </dl>
    </section>
    ${
      this.can('planner')
        ? html`<section class="card" aria-labelledby="edit-event-title">
            <h3 id="edit-event-title">${t(lang, 'editEvent')}</h3>
            <lastplan-event-form .api=${this.api} .timeZone=${this.timeZone} .roles=${this.roles} .event=${e} lang=${lang}
              @lastplan-event-saved=${() => {
                this.saved = true;
                void this.#data.run();
              }}></lastplan-event-form>
            <p role="status">${this.saved ? t(lang, 'eventSaved') : ''}</p>
          </section>`
        : nothing
    }`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'lastplan-view-event': LastplanViewEvent;
  }
}
