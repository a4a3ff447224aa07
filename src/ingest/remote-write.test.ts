import fc from 'fast-check';
import snappyjs from 'snappyjs';
import { describe, expect, it } from 'vitest';
import { DomainError } from '../domain/errors.ts';
import { type FamilyMetadata, prometheusSeriesKind } from './prometheus-naming.ts';
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

/** `prompb.MetricMetadata`: type as its enum number, family, help, unit. */
type Metadata = [type: number, family: string, help?: string, unit?: string];

function writeRequest(series: Series[], metadata: Metadata[] = [[1, 'up']]): Uint8Array {
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
  for (const [type, family, help, unit] of metadata) {
    w.message(3, (m) => {
      m.varint(1, type).string(2, family);
      if (help !== undefined) m.string(4, help);
      if (unit !== undefined) m.string(5, unit);
    });
  }
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

  it('skips staleness markers, NaN and ±Inf and rejects invalid series and samples with reasons', () => {
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
            [Number.POSITIVE_INFINITY, t + 3],
            [Number.NEGATIVE_INFINITY, t + 4],
            [STALE, t + 5],
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
    expect(batch.skipped).toEqual({ stale: 2, nan: 1, inf: 2 });
    expect(batch.rejected).toEqual([
      {
        index: 3,
        pointer: '/timeseries/0/samples/3/timestamp',
        reason: 'timestamp 1970-01-01T00:00:00.000Z is before 2000-01-01',
      },
      { index: 7, pointer: '/timeseries/1/labels', reason: 'series has no __name__ label', count: 2 },
      {
        index: 9,
        pointer: '/timeseries/2/labels',
        reason: "series has neither a 'service' nor a 'job' label",
      },
      { index: 10, pointer: '/timeseries/3/labels', reason: "label 'job' appears twice" },
      { index: 11, pointer: '/timeseries/4/samples/0/value', reason: 'counter value -1 is negative' },
      {
        index: 12,
        pointer: '/timeseries/5/histograms',
        reason: expect.stringContaining('native histograms'),
        count: 2,
      },
      { index: 14, pointer: '/timeseries/6/labels', reason: "label 'zone' has an empty value" },
    ]);
    expect(batch.received).toBe(15);
    expect(rejectedSamples(batch)).toBe(9);
  });

  it('skips the NaN quantiles of a summary without observations and keeps its count and sum', () => {
    // What Prometheus' own go_gc_duration_seconds looks like before the first collection.
    const summary = (name: string, extra: [string, string][], value: number): Series => ({
      labels: [['__name__', name], ['instance', 'localhost:9090'], ['job', 'prometheus'], ...extra],
      samples: [[value, t]],
    });
    const batch = decodeRemoteWrite(
      snappyCompress(
        writeRequest(
          [
            summary('go_gc_duration_seconds', [['quantile', '0.5']], Number.NaN),
            summary('go_gc_duration_seconds', [['quantile', '0.99']], Number.NaN),
            summary('go_gc_duration_seconds_sum', [], 0),
            summary('go_gc_duration_seconds_count', [], 0),
          ],
          [[5, 'go_gc_duration_seconds', 'A summary of the wall-time pause (stop-the-world) duration']],
        ),
      ),
      options,
    );
    expect(batch.rejected).toEqual([]);
    expect(batch.skipped).toEqual({ stale: 0, nan: 2, inf: 0 });
    expect(batch.samples.map((s) => [s.metric, s.kind, s.unit, s.value])).toEqual([
      ['go_gc_duration_seconds_sum', 'counter', 's', 0],
      ['go_gc_duration_seconds_count', 'counter', '1', 0],
    ]);
    expect(batch.metadata).toEqual([
      {
        family: 'go_gc_duration_seconds',
        type: 'summary',
        unit: '',
        help: 'A summary of the wall-time pause (stop-the-world) duration',
      },
    ]);
  });

  it('takes kind and unit from the metadata in the request, or from earlier requests', () => {
    const series = (name: string): Series => ({
      labels: [
        ['__name__', name],
        ['job', 'kfz'],
      ],
      samples: [[3, t]],
    });
    const names = ['queue_depth_count', 'jobs_done', 'heap_total', 'disk_free'];
    const request = writeRequest(names.map(series), [
      [2, 'queue_depth_count', 'Jobs waiting'],
      [1, 'jobs_done', 'Jobs finished'],
      [2, 'heap_total', 'Heap size', 'bytes'],
    ]);
    const kinds = (batch: ReturnType<typeof decodeRemoteWrite>) =>
      batch.samples.map((s) => [s.metric, s.kind, s.unit]);
    // By name alone, three of them would be guessed wrong.
    expect(kinds(decodeRemoteWrite(snappyCompress(writeRequest(names.map(series), [])), options))).toEqual([
      ['queue_depth_count', 'counter', '1'],
      ['jobs_done', 'gauge', '1'],
      ['heap_total', 'counter', '1'],
      ['disk_free', 'gauge', '1'],
    ]);
    expect(kinds(decodeRemoteWrite(snappyCompress(request), options))).toEqual([
      ['queue_depth_count', 'gauge', '1'],
      ['jobs_done', 'counter', '1'],
      ['heap_total', 'gauge', 'B'],
      ['disk_free', 'gauge', '1'],
    ]);
    const earlier = new Map([['disk_free', { family: 'disk_free', type: 'gauge', unit: 'bytes', help: '' }]]);
    const later = decodeRemoteWrite(snappyCompress(writeRequest([series('disk_free')], [])), {
      ...options,
      metadata: (family) => earlier.get(family) as never,
    });
    expect(kinds(later)).toEqual([['disk_free', 'gauge', 'B']]);
  });

  it('accepts an empty request and a metadata-only request', () => {
    const empty = { samples: [], rejected: [], received: 0, skipped: { stale: 0, nan: 0, inf: 0 } };
    expect(decodeRemoteWrite(snappyCompress(new Uint8Array(0)), options)).toEqual({ ...empty, metadata: [] });
    expect(decodeRemoteWrite(snappyCompress(writeRequest([])), options)).toEqual({
      ...empty,
      metadata: [{ family: 'up', type: 'counter', unit: '', help: '' }],
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

  const families: Record<string, FamilyMetadata> = Object.fromEntries(
    (
      [
        ['go_gc_duration_seconds', 'summary', ''],
        ['http_request_duration_seconds', 'histogram', ''],
        ['node_cpu_seconds_total', 'counter', ''],
        ['requests', 'counter', ''],
        ['queue_count', 'gauge', ''],
        ['errors_total', 'gauge', ''],
        ['inflight_sum', 'gauge', ''],
        ['latency', 'gaugehistogram', 'seconds'],
        ['build', 'info', ''],
        ['mystery_total', 'unknown', ''],
        ['free', 'gauge', 'bytes'],
        ['uptime', 'counter', 'seconds'],
        ['odd', 'gauge', 'furlongs'],
      ] as const
    ).map(([family, type, unit]) => [family, { family, type, unit, help: '' }]),
  );
  it.each([
    ['go_gc_duration_seconds', 'gauge', 's'],
    ['go_gc_duration_seconds_sum', 'counter', 's'],
    ['go_gc_duration_seconds_count', 'counter', '1'],
    ['http_request_duration_seconds_bucket', 'counter', '1'],
    ['node_cpu_seconds_total', 'counter', 's'],
    ['requests_total', 'counter', ''],
    ['requests_created', 'gauge', ''],
    ['queue_count', 'gauge', ''],
    ['errors_total', 'gauge', ''],
    ['inflight_sum', 'gauge', ''],
    ['latency_bucket', 'gauge', '1'],
    ['latency_gsum', 'gauge', 's'],
    ['build_info', 'gauge', ''],
    ['mystery_total', 'gauge', ''],
    ['free', 'gauge', 'B'],
    ['uptime_total', 'counter', 's'],
    ['odd', 'gauge', ''],
    ['not_described_total', 'counter', ''],
  ])('with metadata, %s is a %s in %j', (name, kind, unit) => {
    expect(prometheusSeriesKind(name, (family) => families[family])).toEqual({ kind, unit });
  });
});
