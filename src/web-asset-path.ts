import { parseRoute } from '../web/routing/dashboard-route.ts';

/**
 * The file a request path is answered with. Every view of the dashboard has its own URL: each is
 * answered with the app shell, which reads the view from the address (a reload or a link opened
 * in a new tab keeps the view).
 */
export function assetPathOf(path: string): string {
  if (parseRoute(path)) return '/index.html';
  if (path === '/embed-examples') return '/embed-examples.html';
  return path;
}
