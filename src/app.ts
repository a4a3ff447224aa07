import { OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ZodError } from 'zod';
import type { AppDeps } from './deps.ts';
import { DomainError, type ErrorKind, type FieldError } from './domain/errors.ts';
import type { AppEnv } from './http/app-env.ts';
import { corsPreflight } from './http/cors.ts';
import { problemKinds, problemOf, problemResponse } from './http/problem.ts';
import { registerAuditRoutes } from './http/routes/audit.ts';
import { registerOidcRoutes } from './http/routes/auth-oidc.ts';
import { registerBackupRoutes } from './http/routes/backup.ts';
import { registerCostImportRoutes } from './http/routes/cost-imports.ts';
import { registerEventRoutes } from './http/routes/events.ts';
import { registerExchangeRates } from './http/routes/exchange-rates.ts';
import { registerFinanceRoutes } from './http/routes/finance.ts';
import { registerForecastsRoutes } from './http/routes/forecasts.ts';
import { registerHealthRoutes } from './http/routes/health.ts';
import { registerJobRoutes } from './http/routes/jobs.ts';
import { registerMetricsRoutes } from './http/routes/metrics.ts';
import { registerPlansRoutes } from './http/routes/plans.ts';
import { registerServiceRoutes } from './http/routes/services.ts';
import { registerSessionRoutes } from './http/routes/session.ts';
import { registerSessionAdminRoutes } from './http/routes/sessions.ts';
import { registerTenantRoutes } from './http/routes/tenant.ts';
import { registerTokenRoutes } from './http/routes/tokens.ts';
import { registerWebRoutes } from './http/routes/web.ts';
import type { Database } from './store/database.ts';
import { isDatabaseUnavailable } from './store/database-unavailable.ts';

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** What `app.fetch(request, bindings)` may pass per request. */
export interface RequestBindings {
  readonly database?: Database;
}

/**
 * Builds the HTTP app from its dependencies. Node, the Worker, the CLI and the tests all call
 * this; none of them adds routes or middleware of its own.
 */
export function createApp(deps: AppDeps): OpenAPIHono<AppEnv> {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });

  app.use(async (c, next) => {
    const incoming = c.req.header('x-request-id');
    const requestId = incoming && REQUEST_ID.test(incoming) ? incoming : deps.newId();
    const logger = deps.logger.child({ requestId });
    // A runtime that may not share connections between requests (the Worker) hands each
    // request its own database; everyone else has it in deps.
    const database = (c.env as RequestBindings | undefined)?.database;
    c.set('deps', database ? { ...deps, database } : deps);
    c.set('requestId', requestId);
    c.set('logger', logger);
    const started = performance.now();
    await next();
    const headers = writableHeaders(c);
    headers.set('x-request-id', requestId);
    headers.set('x-content-type-options', 'nosniff');
    headers.set('referrer-policy', 'no-referrer');
    if (!headers.has('content-security-policy')) {
      headers.set('content-security-policy', "frame-ancestors 'none'");
      headers.set('x-frame-options', 'DENY');
    }
    c.get('logger').info('request', {
      method: c.req.method,
      path: c.req.path,
      status: c.res.status,
      ms: Math.round((performance.now() - started) * 10) / 10,
    });
  });

  app.use('/v1/*', corsPreflight());

  // Each area is a sub-app: its routes declare their own body mode, media types and scope.
  const areas = [
    registerHealthRoutes,
    registerTenantRoutes,
    registerServiceRoutes,
    registerTokenRoutes,
    registerSessionRoutes,
    registerSessionAdminRoutes,
    registerAuditRoutes,
    registerOidcRoutes,
    registerBackupRoutes,
    registerJobRoutes,
    registerEventRoutes,
    registerMetricsRoutes,
    registerForecastsRoutes,
    registerPlansRoutes,
    registerCostImportRoutes,
    registerExchangeRates,
    registerFinanceRoutes,
  ];
  for (const register of areas) {
    const area = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
    register(area);
    app.route('/', area);
  }

  app.openAPIRegistry.registerComponent('securitySchemes', 'bearerAuth', {
    type: 'http',
    scheme: 'bearer',
    description: 'A lastplan token (lp_…), created with `npx lastplan tokens create` or POST /v1/tokens',
  });
  app.doc31('/openapi.json', {
    openapi: '3.1.0',
    info: {
      title: 'lastplan API',
      version: deps.version,
      description:
        'Cost and capacity planning for public-sector IT. Errors are RFC 9457 application/problem+json.',
      // `identifier` is OpenAPI 3.1; the generator's LicenseObject type is still 3.0's.
      license: { name: 'Proprietary (UNLICENSED)', ...{ identifier: 'LicenseRef-Proprietary' } },
    },
    // Relative: the document describes the server that serves it, wherever that runs.
    servers: [{ url: '/', description: 'The server this document came from' }],
  });

  registerWebRoutes(app);

  app.notFound((c) =>
    problemResponse(
      c,
      problemOf('not-found', `no route for ${c.req.method} ${c.req.path}`, { requestId: c.get('requestId') }),
    ),
  );
  app.onError((error, c) => errorResponse(error, c));
  return app;
}

/**
 * The finished response's headers, to add to in place. `c.header` after the response exists copies
 * the whole response for every header (twice, with the Node adapter's lazy responses), which was a
 * tenth of the time of a cached forecast; a response whose headers are immutable (one passed
 * through from `fetch`) is copied once.
 */
function writableHeaders(c: Context<AppEnv>): Headers {
  try {
    c.res.headers.set('x-content-type-options', 'nosniff');
  } catch {
    c.res = new Response(c.res.body, c.res);
  }
  return c.res.headers;
}

function validationHook(result: { success: boolean; error?: ZodError; target: string }, c: Context<AppEnv>) {
  if (result.success || !result.error) return;
  if (result.target === 'param') {
    throw new DomainError('not-found', `no resource at ${c.req.path}`);
  }
  const prefix = result.target === 'json' ? '' : `/${result.target}`;
  const errors: FieldError[] = result.error.issues.map((issue) => ({
    pointer:
      `${prefix}/${issue.path.map((p) => String(p).replace(/~/g, '~0').replace(/\//g, '~1')).join('/')}`.replace(
        /\/$/,
        '',
      ) || '/',
    detail: issue.message,
  }));
  const first = errors[0];
  const where = result.target === 'json' ? 'body' : result.target;
  throw new DomainError(
    'validation',
    `${errors.length} problem${errors.length === 1 ? '' : 's'} in the request ${where}${first ? `: ${first.pointer || '/'} ${first.detail}` : ''}`,
    errors,
  );
}

const httpStatusKinds: Partial<Record<number, ErrorKind>> = {
  400: 'malformed-body',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not-found',
  413: 'payload-too-large',
  415: 'unsupported-media-type',
  429: 'rate-limited',
};

/** The one place where errors become wire format. */
function errorResponse(thrown: Error, c: Context<AppEnv>): Response {
  const requestId = c.get('requestId');
  let error = thrown;
  if (!(error instanceof DomainError) && isDatabaseUnavailable(error)) {
    // Wherever it happened (token lookup, a receiver's commit, a report): a retry can fix it.
    c.get('logger').warn('database unavailable', {
      error: error.message,
      code: (error as { code?: unknown }).code,
    });
    error = new DomainError('database-unavailable', 'the database cannot be reached; retry later');
  }
  if (error instanceof DomainError) {
    const problem = problemOf(error.kind, error.message, {
      errors: error.errors,
      requestId,
      extensions: { ...error.extensions },
    });
    if (problem.status >= 500)
      c.get('logger').error('unavailable', { kind: error.kind, detail: error.message });
    const headers: Record<string, string> = {};
    if (error.kind === 'unauthorized') headers['www-authenticate'] = 'Bearer';
    const retryAfter = problemKinds[error.kind].retryAfterSeconds;
    if (retryAfter !== undefined) headers['retry-after'] = String(retryAfter);
    return problemResponse(c, problem, headers);
  }
  if (error instanceof HTTPException && httpStatusKinds[error.status]) {
    const kind = httpStatusKinds[error.status] as ErrorKind;
    const detail =
      error.message === 'Malformed JSON in request body' ? 'the body is not valid JSON' : error.message;
    return problemResponse(c, problemOf(kind, detail || kind, { requestId }));
  }
  c.get('logger').error('unexpected error', { error: error.message, stack: error.stack });
  return problemResponse(c, {
    type: 'about:blank',
    title: 'Internal Server Error',
    status: 500,
    detail: 'something went wrong on our side; the request id identifies it in the logs',
    instance: `urn:lastplan:request:${requestId}`,
  });
}
