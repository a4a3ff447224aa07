import type { OpenAPIHono } from '@hono/zod-openapi';
import { DomainError } from '../../domain/errors.ts';
import { ingestFormatFor } from '../../ingest/ingest-format.ts';
import { readBody } from '../../ingest/read-body.ts';
import { decodeRemoteWrite } from '../../ingest/remote-write.ts';
import type { AppEnv } from '../app-env.ts';
import { authenticate } from '../auth.ts';
import { errorResponses } from '../schemas.ts';
import { IngestTally } from './metrics-tally.ts';

/**
 * `POST /api/v1/write`, Prometheus remote write 1.0 (snappy protobuf). 204 when every sample was
 * stored; when some were refused, the good ones are committed first and the answer is a 400 whose
 * detail names the refusals (Prometheus logs it and does not retry a 4xx).
 */
export function registerMetricsRemoteWrite(app: OpenAPIHono<AppEnv>): void {
  app.post('/api/v1/write', authenticate('ingest'), async (c) => {
    ingestFormatFor('remote-write', c.req.header('content-type'), c.req.header('content-encoding'));
    const tally = new IngestTally(c);
    // The body is snappy: its limit applies to the decompressed message inside the decoder.
    const body = await readBody(c.req.raw.body, { limit: tally.limits.bodyBytes });
    const batch = decodeRemoteWrite(body, { now: tally.now, maxBytes: tally.limits.bodyBytes });
    tally.refuse(batch.rejected);
    await tally.commit(batch.samples);
    await tally.pruneIfDue();
    const summary = tally.summary();
    if (summary.rejectedCount === 0) return c.body(null, 204);
    const first = summary.rejected[0];
    throw new DomainError(
      'validation',
      `${summary.rejectedCount} of ${summary.rejectedCount + summary.accepted} samples refused (${summary.accepted} stored); first: ${first?.pointer ?? first?.series ?? ''} ${first?.reason ?? ''}`,
      summary.rejected
        .filter((r) => r.pointer !== undefined)
        .slice(0, 100)
        .map((r) => ({ pointer: r.pointer as string, detail: r.reason })),
      { ...summary },
    );
  });

  app.openAPIRegistry.registerPath({
    method: 'post',
    path: '/api/v1/write',
    tags: ['metrics'],
    summary: 'Prometheus remote write 1.0 receiver (snappy-compressed prompb.WriteRequest)',
    description:
      'Service from the `service` label, else `job`. 204 when all samples were stored; 400 with a ' +
      'problem+json naming the refused samples otherwise (the good ones are stored first).',
    security: [{ bearerAuth: [] }],
    'x-lastplan-scope': 'ingest',
    responses: {
      204: { description: 'All samples stored' },
      ...errorResponses,
      413: { description: 'Body over the limit after decompression' },
      415: { description: 'Not application/x-protobuf with Content-Encoding snappy' },
    },
  });
}
