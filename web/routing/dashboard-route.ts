/**
 * The dashboard's views and their URLs. Pure (no DOM), so the server answers exactly these paths
 * with the app shell and the dashboard reads and writes them with the History API.
 */
export type DashboardRoute =
  | { readonly view: 'overview' }
  | { readonly view: 'service'; readonly id: string }
  | { readonly view: 'series'; readonly id: string; readonly seriesId: string }
  | { readonly view: 'plan'; readonly id: string }
  | { readonly view: 'grant'; readonly id: string }
  | { readonly view: 'budget'; readonly id: string }
  | { readonly view: 'events' }
  | { readonly view: 'event'; readonly id: string }
  | { readonly view: 'settings' }
  | { readonly view: 'audit' }
  | { readonly view: 'imports' }
  | { readonly view: 'rates' };

const ID = '([A-Za-z0-9_.~-]{1,200})';
const patterns: [RegExp, (m: string[]) => DashboardRoute][] = [
  [/^\/$/, () => ({ view: 'overview' })],
  [new RegExp(`^/services/${ID}$`), ([, id]) => ({ view: 'service', id: id as string })],
  [
    new RegExp(`^/services/${ID}/series/${ID}$`),
    ([, id, seriesId]) => ({ view: 'series', id: id as string, seriesId: seriesId as string }),
  ],
  [new RegExp(`^/plans/${ID}$`), ([, id]) => ({ view: 'plan', id: id as string })],
  [new RegExp(`^/grants/${ID}$`), ([, id]) => ({ view: 'grant', id: id as string })],
  [new RegExp(`^/budgets/${ID}$`), ([, id]) => ({ view: 'budget', id: id as string })],
  [/^\/events$/, () => ({ view: 'events' })],
  [new RegExp(`^/events/${ID}$`), ([, id]) => ({ view: 'event', id: id as string })],
  [/^\/settings$/, () => ({ view: 'settings' })],
  [/^\/audit$/, () => ({ view: 'audit' })],
  [/^\/imports$/, () => ({ view: 'imports' })],
  [/^\/exchange-rates$/, () => ({ view: 'rates' })],
];

/**
 * The route of a path, or `undefined` if the path is not a dashboard view (a trailing slash is
 * ignored).
 *
 * @example parseRoute('/plans/0193a8f0') // { view: 'plan', id: '0193a8f0' }
 */
export function parseRoute(path: string): DashboardRoute | undefined {
  const clean = path.length > 1 ? path.replace(/\/+$/, '') : path;
  for (const [pattern, make] of patterns) {
    const match = pattern.exec(clean);
    if (match) return make(match);
  }
  return undefined;
}

/**
 * The path of a route; `parseRoute(routeHref(r))` gives `r` back.
 *
 * @example routeHref({ view: 'grant', id: 'g1' }) // '/grants/g1'
 */
export function routeHref(route: DashboardRoute): string {
  const e = encodeURIComponent;
  switch (route.view) {
    case 'overview':
      return '/';
    case 'service':
      return `/services/${e(route.id)}`;
    case 'series':
      return `/services/${e(route.id)}/series/${e(route.seriesId)}`;
    case 'plan':
      return `/plans/${e(route.id)}`;
    case 'grant':
      return `/grants/${e(route.id)}`;
    case 'budget':
      return `/budgets/${e(route.id)}`;
    case 'events':
      return '/events';
    case 'event':
      return `/events/${e(route.id)}`;
    case 'settings':
      return '/settings';
    case 'audit':
      return '/audit';
    case 'imports':
      return '/imports';
    case 'rates':
      return '/exchange-rates';
  }
}
