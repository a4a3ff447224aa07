import { html, nothing } from 'lit';
import { renderState, taskState } from '../elements/view-state.ts';
import { langOf, localeOf, t } from '../i18n.ts';
import { DashboardView } from './dashboard-view.ts';
import { eventsTable, eventsTask } from './events-table.ts';
import { backLink } from './view-parts.ts';

/** `<lastplan-view-events>` at `/events`: every event of the tenant. */
export class LastplanViewEvents extends DashboardView {
  readonly #events = eventsTask(this);

  override render() {
    const lang = langOf(this);
    return html`${backLink(lang)}
      <section class="card" aria-labelledby="events-title">
        <h2 id="events-title" tabindex="-1">${t(lang, 'events')}</h2>
        ${renderState(taskState(this.#events, lang), lang, (events) =>
          eventsTable(events, { lang, locale: localeOf(this), timeZone: this.timeZone }),
        )}
      </section>
      ${
        this.can('planner')
          ? html`<section class="card" aria-labelledby="new-event-title">
              <h3 id="new-event-title">${t(lang, 'newEvent')}</h3>
              <lastplan-event-form .api=${this.api} .timeZone=${this.timeZone} .roles=${this.roles} lang=${lang}></lastplan-event-form>
            </section>`
          : nothing
      }`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'lastplan-view-events': LastplanViewEvents;
  }
}
