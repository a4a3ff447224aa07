import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { type DashboardRoute, parseRoute, routeHref } from './dashboard-route.ts';

/**
 * Keeps a host's route in step with the address bar: reads it on connect and on Back/Forward
 * (`popstate`), and turns plain clicks on same-origin `<a href>` of a dashboard view (also inside
 * nested shadow roots) into `pushState`, so links stay real links (middle click, "open in new
 * tab", copy address) while a plain click does not reload the app. Views ask for a route in code
 * with a `lastplan-navigate` event (detail: the route; bubbling and composed).
 */
export class HistoryRouter implements ReactiveController {
  route: DashboardRoute = { view: 'overview' };
  readonly #host: ReactiveControllerHost & HTMLElement;
  readonly #onChange: (route: DashboardRoute) => void;

  constructor(host: ReactiveControllerHost & HTMLElement, onChange: (route: DashboardRoute) => void) {
    this.#host = host;
    this.#onChange = onChange;
    host.addController(this);
  }

  hostConnected(): void {
    this.route = parseRoute(location.pathname) ?? { view: 'overview' };
    window.addEventListener('popstate', this.#popstate);
    this.#host.addEventListener('click', this.#click);
    this.#host.addEventListener('lastplan-navigate', this.#navigate);
  }

  hostDisconnected(): void {
    window.removeEventListener('popstate', this.#popstate);
    this.#host.removeEventListener('click', this.#click);
    this.#host.removeEventListener('lastplan-navigate', this.#navigate);
  }

  /** Shows a route and adds it to the history (or replaces the current entry). */
  go(route: DashboardRoute, options: { replace?: boolean } = {}): void {
    const href = routeHref(route);
    if (href !== location.pathname || options.replace) {
      if (options.replace) history.replaceState(null, '', href);
      else history.pushState(null, '', href);
    }
    this.#set(route, true);
  }

  #set(route: DashboardRoute, scroll: boolean): void {
    this.route = route;
    if (scroll) window.scrollTo(0, 0);
    this.#onChange(route);
    this.#host.requestUpdate();
  }

  readonly #popstate = (): void => {
    this.#set(parseRoute(location.pathname) ?? { view: 'overview' }, false);
  };

  /** A view asks for a route (`lastplan-navigate`, detail: the route), e.g. a plan it just made. */
  readonly #navigate = (event: Event): void => {
    this.go((event as CustomEvent<DashboardRoute>).detail);
  };

  readonly #click = (event: MouseEvent): void => {
    if (event.defaultPrevented || event.button !== 0) return;
    if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    const anchor = event.composedPath().find((n): n is HTMLAnchorElement => n instanceof HTMLAnchorElement);
    if (!anchor || anchor.hasAttribute('download') || (anchor.target && anchor.target !== '_self')) return;
    const url = new URL(anchor.href, location.href);
    if (url.origin !== location.origin) return;
    const route = parseRoute(url.pathname);
    if (!route) return;
    event.preventDefault();
    this.go(route);
  };
}
