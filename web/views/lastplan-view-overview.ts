import { html } from 'lit';
import { renderState, taskState } from '../elements/view-state.ts';
import { langOf, localeOf, t } from '../i18n.ts';
import { DashboardView } from './dashboard-view.ts';
import { eventsTable, eventsTask } from './events-table.ts';

/** `<lastplan-view-overview>` at `/`: the overview of services, grants and budgets, and the upcoming events. */
export class LastplanViewOverview extends DashboardView {
  readonly #events = eventsTask(this);

  override render() {
    const lang = langOf(this);
    return html`<h2 class="visually-hidden" tabindex="-1">${t(lang, 'dashboard')}</h2>
      <lastplan-overview .api=${this.api} .timeZone=${this.timeZone} lang=${lang}></lastplan-overview>
      <section class="card" aria-labelledby="events-title">
        <h2 id="events-title">${t(lang, 'upcomingEvents')}</h2>
        ${renderState(taskState(this.#events, lang), lang, (events) =>
          eventsTable(events, { lang, locale: localeOf(this), timeZone: this.timeZone, upcoming: true }),
        )}
        <p><a href="/events">${t(lang, 'allEvents')}</a></p>
      </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'lastplan-view-overview': LastplanViewOverview;
  }
}
