import { describe, expect, it } from 'vitest';
import { ingestFormatFor, type Receiver } from './ingest-format.ts';

describe('ingestFormatFor', () => {
  it.each([
    ['metrics', 'application/json', null, 'json', ''],
    ['metrics', 'application/json; charset=utf-8', 'gzip', 'json', 'gzip'],
    ['metrics', 'text/csv', 'gzip', 'csv', 'gzip'],
    ['metrics', 'Text/CSV; header=present', '', 'csv', ''],
    ['otlp', 'application/json', 'gzip', 'otlp-json', 'gzip'],
    ['otlp', 'application/x-protobuf', null, 'otlp-protobuf', ''],
    ['remote-write', 'application/x-protobuf', 'snappy', 'remote-write', 'identity'],
    [
      'remote-write',
      'application/x-protobuf;proto=prometheus.WriteRequest',
      'snappy',
      'remote-write',
      'identity',
    ],
  ] as const)('%s with %s (%s) is %s', (receiver, type, encoding, format, bodyEncoding) => {
    expect(ingestFormatFor(receiver, type, encoding)).toEqual({ format, bodyEncoding });
  });

  it.each([
    [
      'metrics',
      'application/x-protobuf',
      null,
      /Content-Type 'application\/x-protobuf' is not supported; this endpoint accepts application\/json or text\/csv/,
    ],
    ['metrics', null, null, /Content-Type '' is not supported/],
    ['otlp', 'text/csv', null, /accepts application\/json or application\/x-protobuf/],
    ['remote-write', 'application/x-protobuf', 'gzip', /Content-Encoding 'gzip' is not supported/],
    ['remote-write', 'application/x-protobuf', null, /Content-Encoding '' is not supported/],
    ['remote-write', 'application/json', 'snappy', /Content-Type 'application\/json' is not supported/],
    ['remote-write', 'application/x-protobuf;proto=io.prometheus.write.v2.Request', 'snappy', /only 1.0/],
  ] as const)('%s refuses %s (%s)', (receiver, type, encoding, message) => {
    expect(() => ingestFormatFor(receiver as Receiver, type, encoding)).toThrow(message);
    expect(() => ingestFormatFor(receiver as Receiver, type, encoding)).toThrow(
      expect.objectContaining({ kind: 'unsupported-media-type' }),
    );
  });
});
