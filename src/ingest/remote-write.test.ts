import fc from 'fast-check';
import snappyjs from 'snappyjs';
import { describe, expect, it } from 'vitest';
import { DomainError } from '../domain/errors.ts';
import { prometheusSeriesKind } from './prometheus-naming.ts';
import { ProtoWriter } from './protobuf-writer.ts';
import { decodeRemoteWrite } from './remote-write.ts';
import { rejectedSamples } from './sample.ts';
import { snappyCompress } from './snappy.ts';

const now = Date.UTC(2026, 10, 23, 12);
const t = Date.UTC(2026, 10, 23, 10);
const options = { now, maxBytes: 1 << 20 };

interface Series {
  labels: [string, string][];
  samples: [number, number][];
  histograms?: number;
}

function writeRequest(series: Series[]): Uint8Array {
  const w = new ProtoWriter();
  for (const s of series) {
    w.message(1, (ts) => {
      for (const [name, value] of s.labels) ts.message(1, (l) => l.string(1, name).string(2, value));
      for (const [value, time] of s.samples) {
        // The staleness marker is written as raw bits: a NaN payload does not survive a JS number.
        ts.message(2, (p) =>
          (value === STALE ? p.fixed64(1, 0x7ff0000000000002n) : p.double(1, value)).varint(2, time),
        );
      }
      ts.message(3, (e) => e.double(2, 1)); // an exemplar, skipped
      for (let i = 0; i < (s.histograms ?? 0); i++) ts.message(4, (h) => h.varint(1, 1));
    });
  }
  w.message(3, (m) => m.varint(1, 1).string(2, 'up')); // metadata, ignored
  return w.finish();
}

/** Stands for Prometheus' staleness marker in the tables below. */
const STALE = -424242;

describe('decodeRemoteWrite', () => {
  it.each([
    ['snappyjs', (b: Uint8Array) => snappyjs.compress(b)],
    ['our compressor', snappyCompress],
  ])('decodes a request compressed by %s', (_, compress) => {
    const body = compress(
      writeRequest([
        {
          labels: [
            ['__name__', 'http_requests_total'],
            ['instance', 'a:9100'],
            ['job', 'kfz-zulassung'],
            ['code', '200'],
          ],
          samples: [
            [5, t],
            [7, t + 15_000],
          ],
        },
        {
          labels: [
            ['__name__', 'memory_gib'],
            ['service', 'wahlschein'],
            ['job', 'node'],
          ],
          samples: [[3, t]],
        },
        {
          labels: [
            ['__name__', 'process_resident_memory_bytes'],
            ['job', 'kfz'],
          ],
          samples: [[1024, t]],
        },
      ]),
    );
    const batch = decodeRemoteWrite(body, options);
    expect(batch.rejected).toEqual([]);
    expect(batch.received).toBe(4);
    expect(batch.samples).toEqual([
      {
        service: 'kfz-zulassung',
        metric: 'http_requests_total',
        unit: '1',
        kind: 'counter',
        labels: { code: '200', instance: 'a:9100' },
        ts: t,
        value: 5,
      },
      {
        service: 'kfz-zulassung',
        metric: 'http_requests_total',
        unit: '1',
        kind: 'counter',
        labels: { code: '200', instance: 'a:9100' },
        ts: t + 15_000,
        value: 7,
      },
      {
        service: 'wahlschein',
        metric: 'memory_gib',
        unit: 'GiB',
        kind: 'gauge',
        labels: { job: 'node' },
        ts: t,
        value: 3,
      },
      {
        service: 'kfz',
        metric: 'process_resident_memory_bytes',
        unit: 'B',
        kind: 'gauge',
        labels: {},
        ts: t,
        value: 1024,
      },
    ]);
    expect(Object.keys(batch.samples[0]?.labels ?? {})).toEqual(['code', 'instance']);
  });

  it('skips staleness markers and rejects invalid series and samples with reasons', () => {
    const body = snappyCompress(
      writeRequest([
        {
          labels: [
            ['__name__', 'up'],
            ['job', 'kfz'],
          ],
          samples: [
            [1, t],
            [STALE, t + 1],
            [Number.NaN, t + 2],
            [1, 0],
          ],
        },
        {
          labels: [['job', 'kfz']],
          samples: [
            [1, t],
            [2, t],
          ],
        },
        { labels: [['__name__', 'up']], samples: [[1, t]] },
        {
          labels: [
            ['__name__', 'up'],
            ['job', 'kfz'],
            ['job', 'kfz'],
          ],
          samples: [[1, t]],
        },
        {
          labels: [
            ['__name__', 'c_total'],
            ['job', 'kfz'],
          ],
          samples: [[-1, t]],
        },
        {
          labels: [
            ['__name__', 'h'],
            ['job', 'kfz'],
          ],
          samples: [],
          histograms: 2,
        },
        {
          labels: [
            ['__name__', 'up'],
            ['job', 'kfz'],
            ['zone', ''],
          ],
          samples: [[1, t]],
        },
      ]),
    );
    const batch = decodeRemoteWrite(body, options);
    expect(batch.samples.map((s) => s.value)).toEqual([1]);
    expect(batch.rejected).toEqual([
      { index: 2, pointer: '/timeseries/0/samples/2/value', reason: 'value NaN is not finite' },
      {
        index: 3,
        pointer: '/timeseries/0/samples/3/timestamp',
        reason: 'timestamp 1970-01-01T00:00:00.000Z is before 2000-01-01',
      },
      { index: 4, pointer: '/timeseries/1/labels', reason: 'series has no __name__ label', count: 2 },
      {
        index: 6,
        pointer: '/timeseries/2/labels',
        reason: "series has neither a 'service' nor a 'job' label",
      },
      { index: 7, pointer: '/timeseries/3/labels', reason: "label 'job' appears twice" },
      { index: 8, pointer: '/timeseries/4/samples/0/value', reason: 'counter value -1 is negative' },
      {
        index: 9,
        pointer: '/timeseries/5/histograms',
        reason: expect.stringContaining('native histograms'),
        count: 2,
      },
      { index: 11, pointer: '/timeseries/6/labels', reason: "label 'zone' has an empty value" },
    ]);
    expect(batch.received).toBe(12);
    expect(rejectedSamples(batch)).toBe(10);
  });

  it('accepts an empty request and a metadata-only request', () => {
    expect(decodeRemoteWrite(snappyCompress(new Uint8Array(0)), options)).toEqual({
      samples: [],
      rejected: [],
      received: 0,
    });
    expect(decodeRemoteWrite(snappyCompress(writeRequest([])), options)).toEqual({
      samples: [],
      rejected: [],
      received: 0,
    });
  });

  it.each([
    ['not snappy', new TextEncoder().encode('hello'), 'malformed-body'],
    ['snappy around garbage', snappyCompress(Uint8Array.of(0x0a, 0x05, 0x01)), 'malformed-body'],
    ['gzip instead of snappy', Uint8Array.of(0x1f, 0x8b, 0x08, 0x00), 'malformed-body'],
    ['over the size limit', snappyCompress(new Uint8Array(2 << 20)), 'payload-too-large'],
  ])('refuses %s', (_, body, kind) => {
    expect(() => decodeRemoteWrite(body, options)).toThrow(expect.objectContaining({ kind }));
  });

  it('only ever decodes or throws a DomainError (fuzz)', () => {
    const valid = writeRequest([
      {
        labels: [
          ['__name__', 'up'],
          ['job', 'kfz'],
        ],
        samples: [[1, t]],
      },
    ]);
    fc.assert(
      fc.property(
        fc.oneof(
          fc.uint8Array({ maxLength: 300 }),
          fc.uint8Array({ maxLength: 300 }).map(snappyCompress),
          fc
            .array(fc.tuple(fc.nat(valid.length - 1), fc.integer({ min: 0, max: 255 })), {
              minLength: 1,
              maxLength: 3,
            })
            .map((edits) => {
              const copy = valid.slice();
              for (const [at, byte] of edits) copy[at] = byte;
              return snappyCompress(copy);
            }),
        ),
        (body) => {
          try {
            decodeRemoteWrite(body, options);
          } catch (error) {
            expect(error).toBeInstanceOf(DomainError);
          }
        },
      ),
      { numRuns: 3000 },
    );
  });
});

describe('prometheusSeriesKind', () => {
  it.each([
    ['http_requests_total', 'counter', ''],
    ['node_network_transmit_bytes_total', 'counter', 'B'],
    ['process_cpu_seconds_total', 'counter', 's'],
    ['http_request_duration_seconds_sum', 'counter', 's'],
    ['http_request_duration_seconds_count', 'counter', '1'],
    ['http_request_duration_seconds_bucket', 'counter', '1'],
    ['process_resident_memory_bytes', 'gauge', 'B'],
    ['node_filesystem_avail_bytes', 'gauge', 'B'],
    ['cache_hit_ratio', 'gauge', '1'],
    ['up', 'gauge', ''],
    ['cpu_cores', 'gauge', 'cores'],
    ['requests_per_second', 'gauge', ''],
  ])('%s is a %s in %j', (name, kind, unit) => {
    expect(prometheusSeriesKind(name)).toEqual({ kind, unit });
  });
});
