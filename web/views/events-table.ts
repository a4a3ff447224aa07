import { html, nothing } from 'lit';
import { effectPercent, effectSummary } from '../../src/forecast/event-effects.ts';
import { getJson } from '../api/client.ts';
import type { EventDto, Page } from '../api/dto.ts';
import type { ForecastData } from '../api/load-forecast.ts';
import { emptyList, viewTask } from '../elements/view-state.ts';
import { formatters } from '../format/formatters.ts';
import { metricLabel } from '../format/metric-label.ts';
import { eventKind, type Lang, langOf, t } from '../i18n.ts';
import { routeHref } from '../routing/dashboard-route.ts';
import { type DashboardView, sessionApi } from './dashboard-view.ts';

/** The tenant's events (`GET /v1/events`) as a view's task, reloaded when the API or language changes. */
export function eventsTask(host: DashboardView) {
  return viewTask(host, {
    args: () => [host.api, langOf(host)] as const,
    load: async ([api], signal) =>
      (await getJson<Page<EventDto>>(sessionApi(api), '/v1/events', signal)).items,
    empty: emptyList((lang) => t(lang, 'noEvents')),
  });
}

/** The effects of the events on one series, as its forecast used them. */
export interface SeriesEffects {
  readonly metric: string;
  readonly items: ForecastData['effects'];
}

/**
 * The events as a table: all, those of one service (and those of every service), or only the
 * upcoming ones; with `effects`, a column with each event's effect in the forecast shown.
 */
export function eventsTable(
  events: readonly EventDto[],
  options: {
    lang: Lang;
    locale: string;
    timeZone: string;
    serviceId?: string | undefined;
    upcoming?: boolean;
    effects?: SeriesEffects | undefined;
  },
) {
  const { lang, serviceId, upcoming, effects } = options;
  const fmt = formatters(options.locale, options.timeZone);
  const now = Date.now();
  const items = events.filter(
    (e) =>
      (!serviceId || e.serviceIds.length === 0 || e.serviceIds.includes(serviceId)) &&
      (!upcoming || Date.parse(e.endsAt) >= now),
  );
  if (items.length === 0) return html`<p>${t(lang, 'noEvents')}</p>`;
  const effectOf = (e: EventDto) =>
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
