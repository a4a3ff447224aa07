import { createRoute, type RouteConfig } from '@hono/zod-openapi';
import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { DomainError } from '../domain/errors.ts';
import type { ResourceType } from '../tenancy/principal.ts';
import { roleFor } from '../tenancy/roles.ts';
import type { Scope } from '../tenancy/scopes.ts';
import type { AppEnv } from './app-env.ts';
import { authenticate } from './auth.ts';

/** How a route reads its request body; part of its declaration, so no path list elsewhere decides it. */
export interface BodyOptions {
  /**
   * `buffered` (default): read whole, at most `deps.maxBodyBytes` (413 beyond). `streamed`: the
   * handler reads the stream and limits the decompressed bytes itself, so the generic limit must
   * not cut a large gzip upload short.
   */
  readonly body?: 'buffered' | 'streamed';
  /**
   * Media types the body may have (415 otherwise). Default: JSON (`application/json` and any
   * `+json`). A listed `application/json` also admits the `+json` types.
   */
  readonly accepts?: readonly string[];
  /** Middleware that runs before everything else on the route, e.g. to re-encode its errors. */
  readonly outer?: readonly MiddlewareHandler<AppEnv>[];
}

/** Who besides the scope's holders may call a route. */
export interface AccessOptions {
  /**
   * An embed token that names `<type>:<the route's {id}>` among its resources may GET this route,
   * though embed tokens hold no scope but `read` (the grant and budget widgets read finance routes).
   */
  readonly embedReads?: ResourceType;
}

type Config = Omit<RouteConfig, 'middleware' | 'security'> & BodyOptions & AccessOptions;

/**
 * A route that needs a token with `scope`. Every route of `/v1` is declared through this, so the
 * OpenAPI document states each route's scope (`x-lastplan-scope`) and role (`x-lastplan-role`) and the route-table tests can
 * check authentication and tenant isolation on every route without a list of their own.
 */
export function securedRoute<const C extends Config>(scope: Scope, config: C) {
  const { body, accepts, outer, embedReads, ...route } = config;
  return createRoute({
    operationId: operationIdOf(route.method, route.path),
    ...route,
    security: [{ bearerAuth: [] }],
    'x-lastplan-scope': scope,
    // The role a person needs (none for ingest, which is for machines only).
    ...(roleFor(scope) ? { 'x-lastplan-role': roleFor(scope) } : {}),
    ...(embedReads ? { 'x-lastplan-embed': embedReads } : {}),
    middleware: [
      ...(outer ?? []),
      ...limitOf(body),
      authenticate(scope, embedReads),
      mediaTypeOf(accepts),
    ] as MiddlewareHandler<AppEnv>[],
  });
}

/** A route anyone may call: health checks, the session exchange. */
export function publicRoute<const C extends Omit<Config, 'embedReads'>>(config: C) {
  const { body, accepts, outer, ...route } = config;
  return createRoute({
    operationId: operationIdOf(route.method, route.path),
    ...route,
    security: [],
    'x-lastplan-scope': 'public',
    middleware: [...(outer ?? []), ...limitOf(body), mediaTypeOf(accepts)] as MiddlewareHandler<AppEnv>[],
  });
}

/**
 * A stable name for generated clients, from the method and the path (a route may set its own).
 * @example operationIdOf('get', '/v1/services/{id}') // 'getServicesById'
 * @example operationIdOf('post', '/otlp/v1/metrics') // 'postOtlpV1Metrics'
 */
export function operationIdOf(method: string, path: string): string {
  const words = path
    .replace(/^\/v1\//, '/')
    .split('/')
    .filter((part) => part !== '')
    .map((part) => (part.startsWith('{') ? `by-${part.slice(1, -1)}` : part))
    .flatMap((part) => part.split(/[-_.]/))
    .map((word) => `${word.charAt(0).toUpperCase()}${word.slice(1)}`);
  return `${method.toLowerCase()}${words.join('')}`;
}

function limitOf(mode: BodyOptions['body']): MiddlewareHandler<AppEnv>[] {
  if (mode === 'streamed') return [];
  return [
    (c, next) => {
      const maxSize = c.get('deps').maxBodyBytes;
      return bodyLimit({
        maxSize,
        onError: () => {
          throw new DomainError('payload-too-large', `the request body is larger than ${maxSize} bytes`);
        },
      })(c, next);
    },
  ];
}

const JSON_MEDIA = /^application\/([\w.-]+\+)?json$/i;

function mediaTypeOf(accepts: BodyOptions['accepts'] = ['application/json']): MiddlewareHandler<AppEnv> {
  const listed = accepts.map((type) => type.toLowerCase());
  const admits = (type: string) =>
    listed.includes(type.toLowerCase()) || (listed.includes('application/json') && JSON_MEDIA.test(type));
  return async (c, next) => {
    const declared = c.req.header('content-type');
    // A declared type is checked even without length headers (a Request built in-process has none).
    const hasBody =
      declared !== undefined ||
      c.req.header('content-length') !== undefined ||
      c.req.header('transfer-encoding') !== undefined;
    if (['POST', 'PUT', 'PATCH'].includes(c.req.method) && hasBody) {
      const type = declared?.split(';')[0]?.trim() ?? '';
      if (!admits(type)) {
        throw new DomainError(
          'unsupported-media-type',
          `send the body as ${accepts.join(' or ')}, not ${type === '' ? 'without a Content-Type' : type}`,
        );
      }
    }
    await next();
  };
}
