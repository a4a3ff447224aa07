import type { IngestFormat } from '../../src/ingest/encode-samples.ts';

/** Where each receiver format is posted. */
export const receiverPaths: Readonly<Record<IngestFormat, string>> = {
  json: '/v1/metrics',
  csv: '/v1/metrics',
  'otlp-json': '/otlp/v1/metrics',
  'otlp-protobuf': '/otlp/v1/metrics',
  'remote-write': '/api/v1/write',
};
