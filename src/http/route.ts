import { createRoute, type RouteConfig } from '@hono/zod-openapi';
import type { MiddlewareHandler } from 'hono';
import type { Scope } from '../tenancy/scopes.ts';
import type { AppEnv } from './app-env.ts';
import { authenticate } from './auth.ts';

type Config = Omit<RouteConfig, 'middleware' | 'security'>;

/**
 * A route that needs a token with `scope`. Every route of `/v1` is declared through this, so the
 * OpenAPI document states each route's scope (`x-lastplan-scope`) and the route-table tests can
 * check authentication and tenant isolation on every route without a list of their own.
 */
export function securedRoute<const C extends Config>(scope: Scope, config: C) {
  return createRoute({
    ...config,
    security: [{ bearerAuth: [] }],
    'x-lastplan-scope': scope,
    middleware: [authenticate(scope)] as MiddlewareHandler<AppEnv>[],
  });
}

export function publicRoute<const C extends Config>(config: C) {
  return createRoute({ ...config, 'x-lastplan-scope': 'public' });
}
