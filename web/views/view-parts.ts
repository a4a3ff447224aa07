import { html, type LitElement } from 'lit';
import { type Lang, t } from '../i18n.ts';
import type { DashboardRoute } from '../routing/dashboard-route.ts';
import { routeHref } from '../routing/dashboard-route.ts';

/** The link back to the overview (or to a service, for a plan), above a view. */
export function backLink(lang: Lang, route: DashboardRoute = { view: 'overview' }) {
  const label = route.view === 'overview' ? t(lang, 'back') : t(lang, 'backToService');
  return html`<p class="back"><a href=${routeHref(route)}>← ${label}</a></p>`;
}

/** Asks the dashboard to show a route (its router adds it to the history). */
export function navigate(from: HTMLElement, route: DashboardRoute): void {
  from.dispatchEvent(new CustomEvent('lastplan-navigate', { detail: route, bubbles: true, composed: true }));
}

/** Focuses a view's title once it is rendered, so a screen reader announces the new view. */
export async function focusTitle(view: LitElement): Promise<void> {
  await view.updateComplete;
  view.renderRoot.querySelector<HTMLElement>('h2[tabindex]')?.focus({ preventScroll: true });
}
