/**
 * One entry point over every receiver format, for callers that hold the whole (decompressed)
 * body: the same bytes-in, validated-samples-out contract whatever the wire format. Streaming
 * CSV imports should call `decodeCsvSamples` directly to keep memory bounded.
 */
import { decodeCsvSamples } from './csv-samples.ts';
import type { IngestFormat } from './encode-samples.ts';
import { decodeJsonBatch } from './json-batch.ts';
import { decodeOtlpMetrics } from './otlp-metrics.ts';
import { decodeRemoteWrite } from './remote-write.ts';
import type { DecodedBatch } from './sample.ts';

export interface DecodeSamplesOptions {
  readonly now: number;
  /** Limit for the snappy-decompressed size of remote-write bodies. */
  readonly maxBytes: number;
}

/**
 * Decodes a request body of the given format. `index` in rejections counts samples, except for
 * OTLP where it counts data points (as `rejected_data_points` does).
 *
 * @example await decodeSamples('csv', bytes, { now: Date.now(), maxBytes: 8 << 20 })
 * @throws DomainError as the format's decoder does
 */
export async function decodeSamples(
  format: IngestFormat,
  body: Uint8Array,
  options: DecodeSamplesOptions,
): Promise<DecodedBatch> {
  switch (format) {
    case 'json':
      return decodeJsonBatch(body, options);
    case 'csv': {
      const all: DecodedBatch = { samples: [], rejected: [] };
      for await (const batch of decodeCsvSamples(once(body), options)) {
        all.samples.push(...batch.samples);
        all.rejected.push(...batch.rejected);
      }
      return all;
    }
    case 'otlp-json':
      return decodeOtlpMetrics(body, 'json', options);
    case 'otlp-protobuf':
      return decodeOtlpMetrics(body, 'protobuf', options);
    case 'remote-write':
      return decodeRemoteWrite(body, options);
  }
}

async function* once(body: Uint8Array): AsyncGenerator<Uint8Array> {
  yield body;
}
