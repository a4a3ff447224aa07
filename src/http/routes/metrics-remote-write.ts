import type { OpenAPIHono } from '@hono/zod-openapi';
import { DomainError } from '../../domain/errors.ts';
import { FamilyMetadataCache } from '../../ingest/family-metadata-cache.ts';
import { ingestFormatFor } from '../../ingest/ingest-format.ts';
import { readBody } from '../../ingest/read-body.ts';
import { decodeRemoteWrite, skippedCount } from '../../ingest/remote-write.ts';
import { ingestBatch } from '../../ingest-service/ingest-batch.ts';
import { IngestRun } from '../../ingest-service/ingest-run.ts';
import type { AppEnv } from '../app-env.ts';
import { securedRoute } from '../route.ts';
import { errorResponses } from '../schemas.ts';

const receive = securedRoute('ingest', {
  method: 'post',
  path: '/api/v1/write',
  body: 'streamed',
  accepts: ['application/x-protobuf'],
  tags: ['metrics'],
  summary: 'Prometheus remote write 1.0 receiver (snappy-compressed prompb.WriteRequest)',
  description:
    'Service from the `service` label, else `job`; kind and unit from the metric family metadata ' +
    'where sent, else from the name. NaN, ±Inf and staleness markers are skipped and counted ' +
    '(`X-Lastplan-Samples-Skipped`). 204 when all other samples were stored ' +
    '(`X-Prometheus-Remote-Write-Samples-Written`); 400 with a problem+json naming the refused ' +
    'samples otherwise (the good ones are stored first); 503 with Retry-After while the database ' +
    'is unreachable.',
  responses: {
    204: { description: 'All samples stored, or skipped as NaN, ±Inf or staleness markers' },
    ...errorResponses,
    413: { description: 'Body over the limit after decompression' },
    415: { description: 'Not application/x-protobuf with Content-Encoding snappy' },
  },
});

/**
 * `POST /api/v1/write`, Prometheus remote write 1.0 (snappy protobuf). 204 when every sample was
 * stored or skipped; NaN, ±Inf and staleness markers are skipped and counted in the headers and
 * the log. When some samples were refused as invalid, the good ones are committed first and the
 * answer is a 400 whose detail names the refusals (Prometheus logs it and does not retry a 4xx).
 */
export function registerMetricsRemoteWrite(app: OpenAPIHono<AppEnv>): void {
  // Family metadata per app, so that apps (and tests) do not share what their senders told them.
  const families = new FamilyMetadataCache();
  app.openapi(receive, async (c) => {
    ingestFormatFor('remote-write', c.req.header('content-type'), c.req.header('content-encoding'));
    const tenantId = c.get('principal').tenantId;
    const run = new IngestRun(c.get('deps'), tenantId, { kindIsHint: true });
    // The body is snappy: its limit applies to the decompressed message inside the decoder.
    const body = await readBody(c.req.raw.body, { limit: run.limits.bodyBytes });
    const batch = decodeRemoteWrite(body, {
      now: run.now,
      maxBytes: run.limits.bodyBytes,
      metadata: families.lookup(tenantId),
    });
    families.remember(tenantId, batch.metadata);
    const summary = await ingestBatch(run, batch);
    const skipped = skippedCount(batch.skipped);
    if (skipped > 0) c.get('logger').info('remote write skipped non-finite samples', { ...batch.skipped });
    const counts = {
      'x-prometheus-remote-write-samples-written': String(summary.accepted),
      'x-lastplan-samples-skipped': String(skipped),
      'x-lastplan-samples-skipped-detail': `nan=${batch.skipped.nan}, inf=${batch.skipped.inf}, stale=${batch.skipped.stale}`,
    };
    if (summary.rejectedCount === 0) return c.body(null, 204, counts);
    for (const [name, value] of Object.entries(counts)) c.header(name, value);
    const first = summary.rejected[0];
    throw new DomainError(
      'validation',
      `${summary.rejectedCount} of ${summary.rejectedCount + summary.accepted} samples refused (${summary.accepted} stored, ${skipped} non-finite skipped); first: ${first?.pointer ?? first?.series ?? ''} ${first?.reason ?? ''}`,
      summary.rejected
        .filter((r) => r.pointer !== undefined)
        .slice(0, 100)
        .map((r) => ({ pointer: r.pointer as string, detail: r.reason })),
      { ...summary, skipped: { ...batch.skipped } },
    );
  });
}
