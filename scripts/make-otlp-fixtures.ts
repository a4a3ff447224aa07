/**
 * Writes OTLP request bodies made by the real OpenTelemetry JS SDK serializers (the code the
 * OTLP/HTTP exporters send with) into fixtures/ingest/:
 *
 *   npx tsx scripts/make-otlp-fixtures.ts
 *
 * Timestamps are the SDK's clock at the time of the run. JSON bodies are stored gzipped.
 */
import { writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { JsonMetricsSerializer, ProtobufMetricsSerializer } from '@opentelemetry/otlp-transformer';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { AggregationTemporality, MeterProvider, MetricReader } from '@opentelemetry/sdk-metrics';

class ManualReader extends MetricReader {
  protected async onForceFlush(): Promise<void> {}
  protected async onShutdown(): Promise<void> {}
}

for (const [name, temporality] of [
  ['cumulative', AggregationTemporality.CUMULATIVE],
  ['delta', AggregationTemporality.DELTA],
] as const) {
  const reader = new ManualReader({ aggregationTemporalitySelector: () => temporality });
  const provider = new MeterProvider({
    resource: resourceFromAttributes({ 'service.name': 'kfz-zulassung', 'deployment.environment': 'prod' }),
    readers: [reader],
  });
  const meter = provider.getMeter('lastplan-fixtures', '1.0.0');
  const requests = meter.createCounter('http.server.requests', { unit: '{requests}' });
  requests.add(120, { 'http.route': '/antrag', 'http.response.status_code': 200 });
  requests.add(3, { 'http.route': '/antrag', 'http.response.status_code': 500 });
  const duration = meter.createHistogram('http.server.request.duration', { unit: 's' });
  for (const seconds of [0.05, 0.12, 0.4, 1.9]) duration.record(seconds, { 'http.route': '/antrag' });
  meter
    .createObservableGauge('memory_gib', { unit: 'By' })
    .addCallback((r) => r.observe(3 * 2 ** 30, { host: 'app-1' }));
  meter
    .createObservableGauge('cpu_utilization', { unit: '1' })
    .addCallback((r) => r.observe(0.37, { host: 'app-1' }));
  meter.createUpDownCounter('queue.depth', { unit: '{messages}' }).add(17);
  const { resourceMetrics } = await reader.collect();
  await provider.shutdown();
  const json = JsonMetricsSerializer.serializeRequest(resourceMetrics);
  const protobuf = ProtobufMetricsSerializer.serializeRequest(resourceMetrics);
  if (json === undefined || protobuf === undefined) throw new Error('serializer returned nothing');
  // Gzipped as the exporters send it with `compression: 'gzip'` (and so the formatter leaves the bytes alone).
  writeFileSync(`fixtures/ingest/otel-js-sdk-2.12-${name}.json.gz`, gzipSync(json));
  writeFileSync(`fixtures/ingest/otel-js-sdk-2.12-${name}.pb`, protobuf);
  console.log(name, json.length, protobuf.length);
}
