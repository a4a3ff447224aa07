import { type OpenAPIHono, z } from '@hono/zod-openapi';
import { decodeCsvSamples } from '../../ingest/csv-samples.ts';
import { ingestFormatFor } from '../../ingest/ingest-format.ts';
import { failIfNothingAccepted, type IngestSummary } from '../../ingest/ingest-tally.ts';
import { decodeJsonBatch } from '../../ingest/json-batch.ts';
import { readBody, streamBody } from '../../ingest/read-body.ts';
import { ingestBatch } from '../../ingest-service/ingest-batch.ts';
import { IngestRun } from '../../ingest-service/ingest-run.ts';
import { ingestStream } from '../../ingest-service/ingest-stream.ts';
import type { AppEnv } from '../app-env.ts';
import { securedRoute } from '../route.ts';
import { bodyErrorResponses } from '../schemas.ts';

const RejectedSchema = z
  .object({
    index: z.number().int().optional(),
    line: z.number().int().optional(),
    pointer: z.string().optional(),
    series: z.string().optional(),
    reason: z.string(),
    count: z.number().int().optional(),
  })
  .openapi('RejectedSample');

export const IngestResultSchema = z
  .object({
    accepted: z.number().int(),
    inserted: z.number().int(),
    updated: z.number().int(),
    unchanged: z.number().int(),
    rejectedCount: z.number().int(),
    rejected: z.array(RejectedSchema),
  })
  .openapi('IngestResult');

const ingest = securedRoute('ingest', {
  method: 'post',
  path: '/v1/metrics',
  body: 'streamed',
  accepts: ['application/json', 'text/csv'],
  tags: ['metrics'],
  summary: 'Ingest samples: a JSON batch or a CSV stream (gzip or deflate accepted)',
  description:
    'JSON: `{"series":[{"service","metric","unit","kind","labels","points":[[ts,value],...]}]}`. ' +
    'CSV: header `service,metric,unit,timestamp,value[,labels][,kind]`, committed every 50,000 samples; ' +
    'an error mid-stream reports what was committed before it under `committed`. Good items are stored ' +
    'and bad ones listed; a 200 only after the accepted samples are committed.',
  request: {
    body: {
      required: true,
      // Plain schemas, not zod: the handler decodes the (possibly compressed) stream itself.
      content: {
        'application/json': {
          schema: {
            type: 'object',
            required: ['series'],
            properties: { series: { type: 'array', items: { type: 'object', additionalProperties: {} } } },
          },
        },
        'text/csv': { schema: { type: 'string' } },
      },
    },
  },
  responses: {
    200: {
      description: 'What was stored and what was refused',
      content: { 'application/json': { schema: IngestResultSchema } },
    },
    ...bodyErrorResponses,
  },
});

/** `POST /v1/metrics`: a JSON batch, or a CSV stream committed in chunks. */
export function registerMetricsIngest(app: OpenAPIHono<AppEnv>): void {
  app.openapi(ingest, async (c) => {
    const route = ingestFormatFor('metrics', c.req.header('content-type'), c.req.header('content-encoding'));
    const run = new IngestRun(c.get('deps'), c.get('principal').tenantId);
    let summary: IngestSummary;
    if (route.format === 'csv') {
      const source = streamBody(c.req.raw.body, { encoding: route.bodyEncoding, limit: run.limits.csvBytes });
      summary = await ingestStream(run, decodeCsvSamples(source, { now: run.now, batchSize: 10_000 }));
    } else {
      const body = await readBody(c.req.raw.body, {
        encoding: route.bodyEncoding,
        limit: run.limits.bodyBytes,
      });
      summary = await ingestBatch(run, decodeJsonBatch(body, { now: run.now }));
    }
    failIfNothingAccepted(summary);
    return c.json(summary, 200);
  });
}
