/**
 * OTLP/HTTP response bodies, in the encoding of the request (OTLP: "the response MUST use the
 * same Content-Type as the request"). Success is an `ExportMetricsServiceResponse`, whose
 * `partial_success` is left unset when everything was accepted; failures carry a
 * `google.rpc.Status` (code 1, message 2).
 */
import type { OtlpFormat } from './otlp-metrics.ts';
import { ProtoWriter } from './protobuf-writer.ts';

export interface OtlpResponseBody {
  readonly contentType: 'application/json' | 'application/x-protobuf';
  readonly body: Uint8Array;
}

/** `google.rpc.Code` values that fit the failures an ingest endpoint reports. */
export const RpcCode = {
  invalidArgument: 3,
  notFound: 5,
  permissionDenied: 7,
  resourceExhausted: 8,
  failedPrecondition: 9,
  internal: 13,
  unavailable: 14,
  unauthenticated: 16,
} as const;

const utf8 = new TextEncoder();

/**
 * Encodes an `ExportMetricsServiceResponse`; with no rejected points and no message it is empty
 * (full success).
 *
 * @example encodeOtlpResponse('json', 2, 'value NaN is not finite') // body {"partialSuccess":{"rejectedDataPoints":"2",...}}
 */
export function encodeOtlpResponse(
  format: OtlpFormat,
  rejectedDataPoints: number,
  errorMessage = '',
): OtlpResponseBody {
  const partial = rejectedDataPoints > 0 || errorMessage !== '';
  if (format === 'json') {
    // int64 is a decimal string in proto3 JSON; default values are omitted.
    const partialSuccess: Record<string, string> = {};
    if (rejectedDataPoints > 0) partialSuccess.rejectedDataPoints = String(rejectedDataPoints);
    if (errorMessage !== '') partialSuccess.errorMessage = errorMessage;
    return json(partial ? { partialSuccess } : {});
  }
  const writer = new ProtoWriter();
  if (partial) {
    writer.message(1, (p) => {
      if (rejectedDataPoints > 0) p.varint(1, rejectedDataPoints);
      if (errorMessage !== '') p.string(2, errorMessage);
    });
  }
  return { contentType: 'application/x-protobuf', body: writer.finish() };
}

/**
 * Encodes a `google.rpc.Status` for a 4xx or 5xx response.
 *
 * @example encodeOtlpStatus('protobuf', RpcCode.invalidArgument, 'request body is not valid gzip data')
 */
export function encodeOtlpStatus(format: OtlpFormat, code: number, message: string): OtlpResponseBody {
  if (format === 'json') return json({ code, message });
  const writer = new ProtoWriter();
  if (code !== 0) writer.varint(1, code);
  if (message !== '') writer.string(2, message);
  return { contentType: 'application/x-protobuf', body: writer.finish() };
}

/**
 * The `google.rpc.Code` closest to an HTTP status (`google/rpc/code.proto` maps 401, 403, 404, 429, 503
 * and 500 this way; 413 has no entry there and is reported as exhausted resources).
 *
 * @example rpcCodeForStatus(413) // 8 (RESOURCE_EXHAUSTED)
 */
export function rpcCodeForStatus(status: number): number {
  if (status === 401) return RpcCode.unauthenticated;
  if (status === 403) return RpcCode.permissionDenied;
  if (status === 404) return RpcCode.notFound;
  if (status === 413 || status === 429) return RpcCode.resourceExhausted;
  if (status === 503) return RpcCode.unavailable;
  if (status >= 500) return RpcCode.internal;
  return RpcCode.invalidArgument;
}

function json(value: unknown): OtlpResponseBody {
  return { contentType: 'application/json', body: utf8.encode(JSON.stringify(value)) };
}
