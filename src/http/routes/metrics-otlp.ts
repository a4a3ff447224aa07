import type { OpenAPIHono } from '@hono/zod-openapi';
import type { MiddlewareHandler } from 'hono';
import { ingestFormatFor } from '../../ingest/ingest-format.ts';
import { decodeOtlpMetrics, type OtlpFormat } from '../../ingest/otlp-metrics.ts';
import { encodeOtlpResponse, encodeOtlpStatus, rpcCodeForStatus } from '../../ingest/otlp-response.ts';
import { readBody } from '../../ingest/read-body.ts';
import { ingestBatch } from '../../ingest-service/ingest-batch.ts';
import { IngestRun } from '../../ingest-service/ingest-run.ts';
import type { AppEnv } from '../app-env.ts';
import { securedRoute } from '../route.ts';
import { errorResponses } from '../schemas.ts';

const receive = securedRoute('ingest', {
  method: 'post',
  path: '/otlp/v1/metrics',
  body: 'streamed',
  accepts: ['application/json', 'application/x-protobuf'],
  outer: [otlpStatusOnError()],
  tags: ['metrics'],
  summary: 'OTLP/HTTP metrics receiver (JSON or protobuf, gzip)',
  description:
    'ExportMetricsServiceRequest as application/json or application/x-protobuf. Answers an ' +
    'ExportMetricsServiceResponse (with partial_success when points were refused) or, on failure, ' +
    'a google.rpc.Status, in the encoding of the request.',
  responses: {
    200: { description: 'ExportMetricsServiceResponse' },
    ...errorResponses,
    413: { description: 'Body over the limit after decompression (google.rpc.Status)' },
    415: { description: 'Not application/json or application/x-protobuf' },
  },
});

/**
 * `POST /otlp/v1/metrics`, OTLP/HTTP: JSON or protobuf, gzip. Success and partial success are an
 * `ExportMetricsServiceResponse`, failures a `google.rpc.Status`, both in the request's encoding.
 * A request without an OTLP Content-Type (no OTLP client sends one) gets problem+json instead.
 */
export function registerMetricsOtlp(app: OpenAPIHono<AppEnv>): void {
  app.openapi(receive, async (c) => {
    const route = ingestFormatFor('otlp', c.req.header('content-type'), c.req.header('content-encoding'));
    const format: OtlpFormat = route.format === 'otlp-json' ? 'json' : 'protobuf';
    const run = new IngestRun(c.get('deps'), c.get('principal').tenantId);
    const body = await readBody(c.req.raw.body, {
      encoding: route.bodyEncoding,
      limit: run.limits.bodyBytes,
    });
    const batch = decodeOtlpMetrics(body, format, { now: run.now });
    const summary = await ingestBatch(run, batch);
    // Data points, as the spec counts them: a refused point may stand for several samples.
    const decoderPoints = batch.rejected.length;
    const storePoints = summary.rejected
      .filter((r) => r.series !== undefined)
      .reduce((n, r) => n + (r.count ?? 1), 0);
    const rejectedPoints = Math.min(batch.dataPoints, decoderPoints + storePoints);
    const first = summary.rejected[0];
    const message =
      first === undefined
        ? ''
        : `${summary.rejectedCount} samples refused; first: ${first.pointer ?? first.series ?? ''} ${first.reason}`.slice(
            0,
            1000,
          );
    const response = encodeOtlpResponse(format, rejectedPoints, message);
    return c.body(response.body as Uint8Array<ArrayBuffer>, 200, { 'content-type': response.contentType });
  });
}

/** Rewrites a problem+json answer into a `google.rpc.Status` when the request was OTLP. */
function otlpStatusOnError(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    await next();
    const type = (c.req.header('content-type') ?? '').split(';')[0]?.trim().toLowerCase();
    const format: OtlpFormat | undefined =
      type === 'application/json' ? 'json' : type === 'application/x-protobuf' ? 'protobuf' : undefined;
    if (format === undefined || c.res.headers.get('content-type') !== 'application/problem+json') return;
    const problem = (await c.res.clone().json()) as { detail?: string; status?: number };
    const status = c.res.status;
    const encoded = encodeOtlpStatus(format, rpcCodeForStatus(status), problem.detail ?? '');
    const headers = new Headers(c.res.headers);
    headers.set('content-type', encoded.contentType);
    c.res = new Response(encoded.body as Uint8Array<ArrayBuffer>, { status, headers });
  };
}
