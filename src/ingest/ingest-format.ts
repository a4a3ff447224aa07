/**
 * Which decoder a request needs, from the receiver it was sent to and its `Content-Type` and
 * `Content-Encoding`, so a wrong content type is a 415 with a reason before any byte is read.
 */
import { DomainError } from '../domain/errors.ts';
import type { IngestFormat } from './encode-samples.ts';

/** The three receivers: `POST /v1/metrics`, `POST /otlp/v1/metrics`, `POST /api/v1/write`. */
export type Receiver = 'metrics' | 'otlp' | 'remote-write';

export interface IngestRoute {
  readonly format: IngestFormat;
  /** The `Content-Encoding` to hand to `readBody`/`streamBody` (snappy is the decoder's own business). */
  readonly bodyEncoding: string;
}

const accepted: Readonly<Record<Receiver, string>> = {
  metrics: 'application/json or text/csv',
  otlp: 'application/json or application/x-protobuf',
  'remote-write': 'application/x-protobuf with Content-Encoding snappy',
};

/**
 * @example ingestFormatFor('otlp', 'application/x-protobuf', 'gzip') // { format: 'otlp-protobuf', bodyEncoding: 'gzip' }
 * @example ingestFormatFor('remote-write', 'application/x-protobuf', 'snappy') // { format: 'remote-write', bodyEncoding: 'identity' }
 * @throws DomainError `unsupported-media-type` naming what the receiver accepts
 */
export function ingestFormatFor(
  receiver: Receiver,
  contentType: string | null | undefined,
  contentEncoding: string | null | undefined,
): IngestRoute {
  const [mediaType = '', ...params] = (contentType ?? '').split(';').map((part) => part.trim().toLowerCase());
  const encoding = (contentEncoding ?? '').trim().toLowerCase();
  const refuse = (what: string): never => {
    throw new DomainError('unsupported-media-type', `${what}; this endpoint accepts ${accepted[receiver]}`);
  };
  if (receiver === 'remote-write') {
    if (mediaType !== 'application/x-protobuf')
      refuse(`Content-Type '${clip(contentType)}' is not supported`);
    const proto = params.find((p) => p.startsWith('proto='))?.slice('proto='.length);
    if (proto !== undefined && proto !== 'prometheus.writerequest') {
      refuse(
        `remote write message '${proto.slice(0, 60)}' is not supported, only 1.0 (prometheus.WriteRequest)`,
      );
    }
    if (encoding !== 'snappy') refuse(`Content-Encoding '${clip(contentEncoding)}' is not supported`);
    return { format: 'remote-write', bodyEncoding: 'identity' };
  }
  const json = mediaType === 'application/json';
  if (receiver === 'otlp') {
    if (!json && mediaType !== 'application/x-protobuf')
      refuse(`Content-Type '${clip(contentType)}' is not supported`);
    return { format: json ? 'otlp-json' : 'otlp-protobuf', bodyEncoding: encoding };
  }
  if (!json && mediaType !== 'text/csv') refuse(`Content-Type '${clip(contentType)}' is not supported`);
  return { format: json ? 'json' : 'csv', bodyEncoding: encoding };
}

function clip(text: string | null | undefined): string {
  const value = text ?? '';
  return value.length > 60 ? `${value.slice(0, 60)}…` : value;
}
