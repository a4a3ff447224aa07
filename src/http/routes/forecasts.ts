import { type OpenAPIHono, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { DomainError } from '../../domain/errors.ts';
import { ForecastMemo } from '../../forecast-service/forecast-memo.ts';
import { forecastOptions } from '../../forecast-service/forecast-options.ts';
import { forecastStoredSeries } from '../../forecast-service/forecast-stored-series.ts';
import { serveForecast } from '../../forecast-service/serve-forecast.ts';
import { acceptsEncoding } from '../accept-encoding.ts';
import type { AppEnv } from '../app-env.ts';
import { gzipEtag, gzipOnce } from '../gzip-once.ts';
import { ifNoneMatch } from '../if-none-match.ts';
import { inTenant, isUuid } from '../in-tenant.ts';
import { problemOf } from '../problem.ts';
import { expensiveSlot } from '../rate-limit.ts';
import { securedRoute } from '../route.ts';
import { bodyErrorResponses, errorResponses, IdParam, jsonBody, ProblemSchema } from '../schemas.ts';
import {
  BatchForecastRequest,
  BatchForecastResponse,
  ForecastQuery,
  ForecastSchema,
} from './forecasts-schemas.ts';

const insufficientHistory = {
  422: {
    description: 'Too little history to forecast (kind insufficient-history)',
    content: { 'application/problem+json': { schema: ProblemSchema } },
  },
} as const;

const one = securedRoute('read', {
  method: 'get',
  path: '/v1/series/{id}/forecast',
  tags: ['forecasts'],
  summary: 'Forecast of a stored series: mean, bands, components, explanation and backtest',
  description:
    'Reads the hourly rollups of the series and forecasts them in the tenant time zone with its holidays and events. ' +
    'Answers from a cache until new samples arrive or the events change; the header x-lastplan-cache says hit or miss. ' +
    'The answer carries an ETag; a request whose If-None-Match names it gets 304 while the forecast is unchanged.',
  request: {
    params: IdParam,
    query: ForecastQuery,
    headers: z.object({ 'if-none-match': z.string().optional() }),
  },
  responses: {
    200: {
      description: 'The forecast',
      headers: z.object({ 'x-lastplan-cache': z.enum(['hit', 'miss']), etag: z.string() }),
      content: { 'application/json': { schema: ForecastSchema } },
    },
    304: {
      description: 'Unchanged since the ETag named in If-None-Match',
      headers: z.object({ 'x-lastplan-cache': z.enum(['hit', 'miss']), etag: z.string() }),
    },
    ...errorResponses,
    ...insufficientHistory,
  },
});

const batch = securedRoute('read', {
  method: 'post',
  path: '/v1/forecasts',
  tags: ['forecasts'],
  summary: 'Forecasts of up to 100 stored series, one result or problem per series',
  request: jsonBody(BatchForecastRequest, 'Series ids, horizon and levels'),
  responses: {
    200: {
      description: 'One item per requested series, in request order',
      content: { 'application/json': { schema: BatchForecastResponse } },
    },
    ...bodyErrorResponses,
  },
});

function forecastOne(c: Context<AppEnv>, seriesId: string, options: ReturnType<typeof forecastOptions>) {
  if (!isUuid(seriesId)) throw new DomainError('not-found', `series ${seriesId} not found`);
  return inTenant(c, (tx, tenantId) =>
    forecastStoredSeries(
      {
        tx,
        tenantId,
        principal: c.get('principal'),
        clock: c.get('deps').clock,
        admitExpensive: expensiveSlot(c, 'this forecast'),
      },
      seriesId,
      options,
    ),
  );
}

/** Routes of the forecasts area; registered once in app.ts. */
export function registerForecastsRoutes(app: OpenAPIHono<AppEnv>): void {
  // One memo per app: the serialised answers of recent forecasts (see serveForecast).
  const memo = new ForecastMemo();
  app.openapi(one, async (c) => {
    const { id } = c.req.valid('param');
    const options = forecastOptions(c.req.valid('query'), '/query');
    if (!isUuid(id)) throw new DomainError('not-found', `series ${id} not found`);
    const deps = c.get('deps');
    const served = await serveForecast(
      {
        database: deps.database,
        principal: c.get('principal'),
        clock: deps.clock,
        memo,
        admitExpensive: expensiveSlot(c, 'this forecast'),
      },
      id,
      options,
    );
    // A browser takes gzip: a fifth of the bytes of a long forecast, compressed once per answer.
    const gzip = acceptsEncoding(c.req.header('accept-encoding'), 'gzip');
    const etag = gzip ? gzipEtag(served.etag) : served.etag;
    // private: the answer belongs to whoever authenticated; no-cache: a client revalidates by ETag.
    const headers = {
      'x-lastplan-cache': served.cache,
      etag,
      'cache-control': 'private, no-cache',
      vary: 'Accept-Encoding',
    };
    if (ifNoneMatch(c.req.header('if-none-match'), etag)) return c.body(null, 304, headers);
    const body = gzip ? await gzipOnce(served.body) : served.body;
    return c.body(body as Uint8Array<ArrayBuffer>, 200, {
      ...headers,
      'content-type': 'application/json',
      ...(gzip ? { 'content-encoding': 'gzip' } : {}),
    }) as never;
  });

  app.openapi(batch, async (c) => {
    const body = c.req.valid('json');
    const options = forecastOptions(body, '');
    const items = [];
    // One transaction per series, one after another: a failing series spoils no other, and a
    // batch does not hold many connections.
    for (const seriesId of body.seriesIds) {
      try {
        const { forecast, cache } = await forecastOne(c, seriesId, options);
        items.push({ seriesId, status: 200, cache, forecast });
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        const { errors, ...problem } = problemOf(error.kind, error.message, {
          errors: error.errors,
          extensions: { ...error.extensions },
        });
        items.push({
          seriesId,
          status: problem.status,
          problem: { ...problem, ...(errors ? { errors: errors.map((e) => ({ ...e })) } : {}) },
        });
      }
    }
    const forecasted = items.filter((item) => item.status === 200).length;
    return c.json({ items, forecasted, failed: items.length - forecasted }, 200);
  });
}
