/**
 * Decodes request bodies produced by the real OpenTelemetry JS SDK serializers (the code the
 * OTLP/HTTP exporters send with), and checks our responses with the SDK's response parsers.
 */

import { JsonMetricsSerializer, ProtobufMetricsSerializer } from '@opentelemetry/otlp-transformer';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { AggregationTemporality, MeterProvider, MetricReader } from '@opentelemetry/sdk-metrics';
import { describe, expect, it } from 'vitest';
import { decodeOtlpMetrics } from './otlp-metrics.ts';
import { encodeOtlpResponse, encodeOtlpStatus, RpcCode, rpcCodeForStatus } from './otlp-response.ts';
import { ProtoReader } from './protobuf-reader.ts';

class ManualReader extends MetricReader {
  protected async onForceFlush(): Promise<void> {}
  protected async onShutdown(): Promise<void> {}
}

async function collect(temporality: AggregationTemporality) {
  const reader = new ManualReader({ aggregationTemporalitySelector: () => temporality });
  const provider = new MeterProvider({
    resource: resourceFromAttributes({ 'service.name': 'kfz-zulassung', 'process.pid': 4711 }),
    readers: [reader],
  });
  const meter = provider.getMeter('lastplan-test', '1.0.0');
  const requests = meter.createCounter('requests', { unit: '{requests}' });
  requests.add(5, { route: '/a' });
  requests.add(2, { route: '/b' });
  meter.createUpDownCounter('queue.depth').add(-3);
  const duration = meter.createHistogram('http.server.duration', { unit: 'ms' });
  duration.record(12, { route: '/a' });
  duration.record(30, { route: '/a' });
  meter
    .createObservableGauge('memory_gib', { unit: 'By' })
    .addCallback((r) => r.observe(2 ** 31, { host: 'h1' }));
  meter
    .createObservableCounter('cpu.time', { unit: 's' })
    .addCallback((r) => r.observe(1.25, { state: 'user' }));
  const { resourceMetrics, errors } = await reader.collect();
  expect(errors).toEqual([]);
  await provider.shutdown();
  return resourceMetrics;
}

describe('OTLP bodies from the OpenTelemetry JS SDK', () => {
  it.each([
    [AggregationTemporality.CUMULATIVE, 'counter'],
    [AggregationTemporality.DELTA, 'delta'],
  ] as const)('decode identically from JSON and protobuf (temporality %i)', async (temporality, total) => {
    const metrics = await collect(temporality);
    const json = JsonMetricsSerializer.serializeRequest(metrics);
    const protobuf = ProtobufMetricsSerializer.serializeRequest(metrics);
    if (json === undefined || protobuf === undefined) throw new Error('serializer returned nothing');
    const now = Date.now();
    const fromJson = decodeOtlpMetrics(json, 'json', { now });
    const fromProtobuf = decodeOtlpMetrics(protobuf, 'protobuf', { now });
    expect(fromProtobuf).toEqual(fromJson);
    expect(fromJson.rejected).toEqual([]);
    expect(fromJson.dataPoints).toBe(6);
    const rows = fromJson.samples.map((s) => [s.service, s.metric, s.kind, s.unit, s.labels, s.value]);
    expect(rows).toEqual(
      expect.arrayContaining([
        ['kfz-zulassung', 'requests', total, '{requests}', { route: '/a' }, 5],
        ['kfz-zulassung', 'requests', total, '{requests}', { route: '/b' }, 2],
        ['kfz-zulassung', 'queue.depth', 'gauge', '1', {}, -3],
        ['kfz-zulassung', 'http.server.duration_count', total, '1', { route: '/a' }, 2],
        ['kfz-zulassung', 'http.server.duration_sum', total, 'ms', { route: '/a' }, 42],
        ['kfz-zulassung', 'http.server.duration_max', 'gauge', 'ms', { route: '/a' }, 30],
        ['kfz-zulassung', 'memory_gib', 'gauge', 'GiB', { host: 'h1' }, 2],
        ['kfz-zulassung', 'cpu.time', total, 's', { state: 'user' }, 1.25],
      ]),
    );
    expect(rows).toHaveLength(8);
    for (const sample of fromJson.samples) expect(Math.abs(sample.ts - now)).toBeLessThan(60_000);
  });
});

describe('OTLP responses read by the SDK', () => {
  it.each([
    [0, '', {}],
    [
      3,
      'value NaN is not finite',
      { partialSuccess: { rejectedDataPoints: 3, errorMessage: 'value NaN is not finite' } },
    ],
    [0, 'warning only', { partialSuccess: { errorMessage: 'warning only' } }],
  ])('JSON: %i rejected, %j', (rejected, message, expected) => {
    const response = encodeOtlpResponse('json', rejected, message);
    expect(response.contentType).toBe('application/json');
    const parsed = JsonMetricsSerializer.deserializeResponse(response.body) as {
      partialSuccess?: { rejectedDataPoints?: unknown };
    };
    if (parsed.partialSuccess?.rejectedDataPoints !== undefined) {
      parsed.partialSuccess.rejectedDataPoints = Number(parsed.partialSuccess.rejectedDataPoints);
    }
    expect(parsed).toEqual(expected);
  });

  it.each([
    [0, '', undefined],
    [3, 'value NaN is not finite', { rejectedDataPoints: 3, errorMessage: 'value NaN is not finite' }],
  ])('protobuf: %i rejected, %j', (rejected, message, expected) => {
    const response = encodeOtlpResponse('protobuf', rejected, message);
    expect(response.contentType).toBe('application/x-protobuf');
    const parsed = ProtobufMetricsSerializer.deserializeResponse(response.body) as {
      partialSuccess?: { rejectedDataPoints?: unknown; errorMessage?: string } | null;
    };
    if (expected === undefined) {
      expect(parsed.partialSuccess ?? undefined).toBeUndefined();
      expect(response.body.length).toBe(0);
    } else {
      expect(Number(parsed.partialSuccess?.rejectedDataPoints)).toBe(expected.rejectedDataPoints);
      expect(parsed.partialSuccess?.errorMessage).toBe(expected.errorMessage);
    }
  });

  it('encodes google.rpc.Status in both formats', () => {
    const json = encodeOtlpStatus('json', RpcCode.invalidArgument, 'body is not valid gzip data');
    expect(JSON.parse(new TextDecoder().decode(json.body))).toEqual({
      code: 3,
      message: 'body is not valid gzip data',
    });
    const protobuf = encodeOtlpStatus('protobuf', RpcCode.invalidArgument, 'body is not valid gzip data');
    const r = new ProtoReader(protobuf.body);
    const fields: unknown[] = [];
    while (!r.done) {
      const [field] = r.tag();
      fields.push(field === 1 ? r.varint() : r.string());
    }
    expect(fields).toEqual([3, 'body is not valid gzip data']);
  });

  it.each([
    [400, 3],
    [401, 16],
    [403, 7],
    [404, 5],
    [413, 8],
    [415, 3],
    [429, 8],
    [500, 13],
    [503, 14],
  ])('maps HTTP %i to google.rpc.Code %i', (status, code) => {
    expect(rpcCodeForStatus(status)).toBe(code);
  });
});
