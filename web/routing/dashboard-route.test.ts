import { describe, expect, it } from 'vitest';
import { type DashboardRoute, parseRoute, routeHref } from './dashboard-route.ts';

const routes: DashboardRoute[] = [
  { view: 'overview' },
  { view: 'service', id: '0193a8f0-7c1e-7a55-9a51-4b7a2f4f1c2d' },
  { view: 'series', id: 's1', seriesId: 'x-2' },
  { view: 'plan', id: 'p1' },
  { view: 'grant', id: 'g1' },
  { view: 'budget', id: 'b1' },
  { view: 'events' },
  { view: 'event', id: 'e1' },
  { view: 'settings' },
  { view: 'audit' },
  { view: 'imports' },
  { view: 'rates' },
];

describe('dashboard routes', () => {
  it.each(routes)('round-trips %o', (route) => {
    expect(parseRoute(routeHref(route))).toEqual(route);
  });

  it.each([
    ['/services/s1/', { view: 'service', id: 's1' }],
    ['/events/', { view: 'events' }],
    ['/exchange-rates/', { view: 'rates' }],
  ])('ignores a trailing slash in %s', (path, route) => {
    expect(parseRoute(path)).toEqual(route);
  });

  it.each([
    '/v1/services',
    '/widgets.js',
    '/nope.html',
    '/services',
    '/services/a/b',
    '/plans/a%2Fb',
    '/plans/',
    '/embed-examples',
    '/imports/x',
    '/rates',
    '',
  ])('is not a view: %s', (path) => {
    expect(parseRoute(path)).toBeUndefined();
  });
});
