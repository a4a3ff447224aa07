import { type OpenAPIHono, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { DomainError } from '../../domain/errors.ts';
import { decodeCsvSamples } from '../../ingest/csv-samples.ts';
import { ingestFormatFor } from '../../ingest/ingest-format.ts';
import { decodeJsonBatch } from '../../ingest/json-batch.ts';
import { readBody, streamBody } from '../../ingest/read-body.ts';
import type { SampleInput } from '../../ingest/sample.ts';
import type { AppEnv } from '../app-env.ts';
import { securedRoute } from '../route.ts';
import { bodyErrorResponses } from '../schemas.ts';
import { IngestTally } from './metrics-tally.ts';

/** Samples per transaction of a streamed CSV import: big enough for set-wise speed, small enough for memory. */
const CSV_CHUNK = 50_000;
/** Chunk transactions of one CSV import that may run at once. */
const IN_FLIGHT = 2;

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
    const tally = new IngestTally(c);
    if (route.format === 'csv') await ingestCsv(c, tally, route.bodyEncoding);
    else {
      const body = await readBody(c.req.raw.body, {
        encoding: route.bodyEncoding,
        limit: tally.limits.bodyBytes,
      });
      const batch = decodeJsonBatch(body, { now: tally.now });
      tally.refuse(batch.rejected);
      await tally.commit(batch.samples);
    }
    await tally.pruneIfDue();
    tally.failIfNothingAccepted();
    return c.json(tally.summary(), 200);
  });
}

async function ingestCsv(c: Context<AppEnv>, tally: IngestTally, encoding: string): Promise<void> {
  const source = streamBody(c.req.raw.body, { encoding, limit: tally.limits.csvBytes });
  let pending: SampleInput[] = [];
  // Later chunks are parsed while earlier ones commit: PostgreSQL works in processes of its own,
  // so up to IN_FLIGHT transactions run beside the parser.
  const inflight: Promise<void>[] = [];
  const flush = async () => {
    const chunk = pending;
    pending = [];
    if (inflight.length >= IN_FLIGHT) await inflight.shift();
    const commit = tally.commit(chunk);
    // A failure is reported by the next await, and never left unhandled meanwhile.
    commit.catch(() => undefined);
    inflight.push(commit);
  };
  try {
    for await (const batch of decodeCsvSamples(source, { now: tally.now, batchSize: 10_000 })) {
      tally.refuse(batch.rejected);
      for (const sample of batch.samples) pending.push(sample);
      if (pending.length >= CSV_CHUNK) await flush();
    }
    await flush();
    while (inflight.length > 0) await inflight.shift();
  } catch (error) {
    await Promise.allSettled(inflight);
    if (error instanceof DomainError && tally.summary().accepted > 0) {
      const { rejected: _, ...committed } = tally.summary();
      throw new DomainError(
        error.kind,
        `${error.message}; ${committed.accepted} samples before this point were committed`,
        error.errors,
        { ...error.extensions, committed },
      );
    }
    throw error;
  }
}
