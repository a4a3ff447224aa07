/**
 * Decodes the bodies in fixtures/ingest/: ones captured from a real Prometheus 2.42 and made by
 * the real OpenTelemetry JS SDK serializers, plus the hand-written JSON and CSV examples.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeSamples } from './decode-samples.ts';
import { decodeJsonBatch } from './json-batch.ts';
import { decodeOtlpMetrics } from './otlp-metrics.ts';
import { readBody } from './read-body.ts';
import { decodeRemoteWrite } from './remote-write.ts';

const dir = new URL('../../fixtures/ingest/', import.meta.url);
const fixture = (name: string) => new Uint8Array(readFileSync(new URL(name, dir)));
// Fixtures are old data to a later `now`; only the "not in the future" bound depends on it.
const now = Date.UTC(2026, 10, 23, 12);
const laterNow = Date.now();

describe('fixtures/ingest', () => {
  it('prometheus-2.42-remote-write.snappy: every sample of a real Prometheus decodes', () => {
    const batch = decodeRemoteWrite(fixture('prometheus-2.42-remote-write.snappy'), {
      now: laterNow,
      maxBytes: 1 << 20,
    });
    expect(batch.rejected).toEqual([]);
    expect(batch.received).toBe(13);
    const series = batch.samples.map((s) => `${s.service} ${s.metric} ${s.kind} ${s.unit}`);
    expect(series).toEqual(
      expect.arrayContaining([
        'kfz-zulassung http_requests_total counter 1',
        'wahlschein memory_gib gauge GiB',
        'kfz-zulassung http_request_duration_seconds_sum counter s',
        'kfz-zulassung http_request_duration_seconds_bucket counter 1',
        'kfz-zulassung up gauge 1',
      ]),
    );
    const memory = batch.samples.find((s) => s.metric === 'memory_gib');
    expect(memory?.labels).toEqual({ instance: '127.0.0.1:19191', job: 'kfz-zulassung' });
  });

  it('prometheus-2.42-remote-write-stale.snappy: staleness markers are skipped, not rejected', () => {
    const batch = decodeRemoteWrite(fixture('prometheus-2.42-remote-write-stale.snappy'), {
      now: laterNow,
      maxBytes: 1 << 20,
    });
    expect(batch.rejected).toEqual([]);
    expect(batch.received).toBe(13);
    expect(batch.samples).toHaveLength(5);
    expect(batch.samples.find((s) => s.metric === 'up')?.value).toBe(0);
  });

  it.each(['cumulative', 'delta'])(
    'otel-js-sdk-2.12-%s: JSON (gzipped) and protobuf decode alike',
    async (temporality) => {
      const gz = fixture(`otel-js-sdk-2.12-${temporality}.json.gz`);
      const json = await readBody(new Blob([gz]).stream(), { encoding: 'gzip', limit: 1 << 20 });
      const fromJson = decodeOtlpMetrics(json, 'json', { now: laterNow });
      const fromProtobuf = decodeOtlpMetrics(fixture(`otel-js-sdk-2.12-${temporality}.pb`), 'protobuf', {
        now: laterNow,
      });
      expect(fromProtobuf).toEqual(fromJson);
      expect(fromJson.rejected).toEqual([]);
      const total = temporality === 'cumulative' ? 'counter' : 'delta';
      expect(fromJson.samples.map((s) => `${s.metric} ${s.kind} ${s.unit} ${s.value}`).sort()).toEqual(
        [
          `http.server.requests ${total} {requests} 120`,
          `http.server.requests ${total} {requests} 3`,
          `http.server.request.duration_count ${total} 1 4`,
          `http.server.request.duration_sum ${total} s 2.4699999999999998`, // 0.05 + 0.12 + 0.4 + 1.9 in doubles
          'http.server.request.duration_max gauge s 1.9',
          'memory_gib gauge GiB 3',
          'cpu_utilization gauge 1 0.37',
          'queue.depth gauge {messages} 17',
        ].sort(),
      );
      expect(fromJson.samples.find((s) => s.value === 120)?.labels).toEqual({
        'http.response.status_code': '200',
        'http.route': '/antrag',
      });
    },
  );

  it('metrics-batch.json: the documented example, with one negative counter', () => {
    const batch = decodeJsonBatch(fixture('metrics-batch.json'), { now });
    expect(batch.samples.map((s) => [s.metric, s.unit, s.value])).toEqual([
      ['requests_per_second', '1/s', 12.5],
      ['requests_per_second', '1/s', 14],
      ['requests_per_second', '1/s', 13.75],
      ['storage_gib', 'GiB', 1536],
      ['http_requests_total', '{requests}', 1000],
    ]);
    expect(batch.rejected).toEqual([
      { index: 5, pointer: '/series/2/points/1/1', reason: 'counter value -1 is negative' },
    ]);
  });

  it('metrics.csv: the documented example, with one timestamp without offset', async () => {
    const batch = await decodeSamples('csv', fixture('metrics.csv'), { now, maxBytes: 1 << 20 });
    const samples = batch.samples;
    expect(samples.map((s) => [s.service, s.metric, s.unit, s.ts, s.value])).toEqual([
      ['kfz-zulassung', 'requests_per_second', '1/s', Date.UTC(2026, 10, 23, 8), 4.5],
      ['kfz-zulassung', 'requests_per_second', '1/s', Date.UTC(2026, 10, 23, 8), 6.25],
      ['kfz-zulassung', 'memory_gib', 'GiB', Date.UTC(2026, 10, 23, 8), 3],
      ['Bürgerbüro (Mitte)', 'cpu_cores', 'cores', Date.UTC(2026, 10, 23, 8), 1.5],
    ]);
    expect(batch.rejected).toEqual([
      { index: 4, line: 6, reason: expect.stringContaining('has no UTC offset') },
    ]);
  });
});
