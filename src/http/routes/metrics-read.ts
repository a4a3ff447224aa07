import { type OpenAPIHono, z } from '@hono/zod-openapi';
import { DomainError } from '../../domain/errors.ts';
import {
  findSeries,
  listSeriesPage,
  readRollupsJson,
  readSamples,
  type Series,
} from '../../store/series-store.ts';
import { findService } from '../../store/service-store.ts';
import { canSee, type Principal } from '../../tenancy/principal.ts';
import type { AppEnv } from '../app-env.ts';
import { inTenant, isUuid } from '../in-tenant.ts';
import { securedRoute } from '../route.ts';
import { errorResponses, IdParam, PageQuery } from '../schemas.ts';

/** Raw points one answer may carry; longer spans are read as hourly rollups. */
const MAX_RAW = 100_000;
const DAY = 86_400_000;

const SeriesSchema = z
  .object({
    id: z.string(),
    serviceId: z.string(),
    metric: z.string(),
    unit: z.string(),
    kind: z.enum(['gauge', 'counter', 'delta']),
    labels: z.record(z.string(), z.string()),
    createdAt: z.string(),
  })
  .openapi('SeriesListItem');

const SamplesQuery = z.object({
  from: z.iso.datetime({ offset: true }).openapi({ example: '2026-01-01T00:00:00Z' }),
  to: z.iso.datetime({ offset: true }).openapi({ example: '2027-01-01T00:00:00Z' }),
  step: z
    .enum(['raw', '1h', 'PT1H', 'auto'])
    .default('auto')
    .openapi({ description: 'raw samples, hourly rollups, or auto (raw up to 2 days, else hourly)' }),
});

const SamplesSchema = z
  .object({
    seriesId: z.string(),
    metric: z.string(),
    unit: z.string(),
    kind: z.enum(['gauge', 'counter', 'delta']),
    step: z.enum(['raw', '1h']),
    from: z.string(),
    to: z.string(),
    points: z.array(
      z.object({
        ts: z.string(),
        value: z.number().optional(),
        avg: z.number().optional(),
        min: z.number().optional(),
        max: z.number().optional(),
        sum: z.number().optional(),
        count: z.number().int().optional(),
        increase: z
          .number()
          .optional()
          .openapi({ description: 'counters: growth in the hour (resets handled)' }),
        rate: z.number().optional().openapi({ description: 'counters: increase per second' }),
      }),
    ),
  })
  .openapi('SeriesSamples');

const listRoute = securedRoute('read', {
  method: 'get',
  path: '/v1/services/{id}/series',
  tags: ['metrics'],
  summary: 'The metric series of a service, a page at a time',
  request: { params: IdParam, query: PageQuery },
  responses: {
    200: {
      description: 'One page of series',
      content: {
        'application/json': {
          schema: z.object({ items: z.array(SeriesSchema), nextCursor: z.string().optional() }),
        },
      },
    },
    ...errorResponses,
  },
});

const samplesRoute = securedRoute('read', {
  method: 'get',
  path: '/v1/series/{id}/samples',
  tags: ['metrics'],
  summary: 'Samples of a series in [from, to): raw or hourly rollups',
  request: { params: IdParam, query: SamplesQuery },
  responses: {
    200: { description: 'The points', content: { 'application/json': { schema: SamplesSchema } } },
    ...errorResponses,
  },
});

function seriesDto(series: Series) {
  return {
    id: series.id,
    serviceId: series.serviceId,
    metric: series.metric,
    unit: series.unit,
    kind: series.kind,
    labels: series.labels,
    createdAt: series.createdAt.toISOString(),
  };
}

function visible(principal: Principal, series: Series | undefined, id: string): Series {
  if (
    series === undefined ||
    !(canSee(principal, 'series', series.id) || canSee(principal, 'service', series.serviceId))
  ) {
    throw new DomainError('not-found', `series ${id} not found`);
  }
  return series;
}

export function registerMetricsRead(app: OpenAPIHono<AppEnv>): void {
  app.openapi(listRoute, async (c) => {
    const { id } = c.req.valid('param');
    const { limit, cursor } = c.req.valid('query');
    if (!isUuid(id) || !canSee(c.get('principal'), 'service', id))
      throw new DomainError('not-found', `service ${id} not found`);
    const page = await inTenant(c, async (tx) => {
      if ((await findService(tx, id)) === undefined)
        throw new DomainError('not-found', `service ${id} not found`);
      return listSeriesPage(tx, id, { limit, cursor });
    });
    return c.json(
      { items: page.items.map(seriesDto), ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}) },
      200,
    );
  });

  app.openapi(samplesRoute, async (c) => {
    const { id } = c.req.valid('param');
    const query = c.req.valid('query');
    if (!isUuid(id)) throw new DomainError('not-found', `series ${id} not found`);
    const from = new Date(query.from);
    const to = new Date(query.to);
    if (!(from < to)) {
      throw new DomainError('validation', 'from must be before to', [
        { pointer: '/query/to', detail: 'must be after from' },
      ]);
    }
    const step =
      query.step === 'auto' ? (to.getTime() - from.getTime() <= 2 * DAY ? 'raw' : '1h') : query.step;
    const hourly = step !== 'raw';
    const result = await inTenant(c, async (tx) => {
      const series = visible(c.get('principal'), await findSeries(tx, id), id);
      if (!hourly) return { series, raw: await readSamples(tx, id, from, to, MAX_RAW + 1) };
      return { series, rollups: await readRollupsJson(tx, id, from, to) };
    });
    if (result.raw !== undefined && result.raw.length > MAX_RAW) {
      throw new DomainError(
        'validation',
        `more than ${MAX_RAW} raw samples in the range; use step=1h or a shorter range`,
        [{ pointer: '/query/step', detail: 'too many raw samples' }],
      );
    }
    const { series } = result;
    const head = {
      seriesId: series.id,
      metric: series.metric,
      unit: series.unit,
      kind: series.kind,
      step: hourly ? ('1h' as const) : ('raw' as const),
      from: from.toISOString(),
      to: to.toISOString(),
    };
    if (result.raw !== undefined) {
      const points = result.raw.map((p) => ({ ts: new Date(p.ts).toISOString(), value: p.value }));
      return c.json({ ...head, points }, 200);
    }
    // The rollup points arrive as JSON text from the database; spliced in, not parsed and re-serialised.
    const text = `${JSON.stringify(head).slice(0, -1)},"points":${result.rollups}}`;
    return c.body(text, 200, { 'content-type': 'application/json' }) as never;
  });
}
