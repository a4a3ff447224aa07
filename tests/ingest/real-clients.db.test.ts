/**
 * The receivers against their real clients, over HTTP to a running server process: the
 * OpenTelemetry JS SDK's OTLP/HTTP exporters (JSON and protobuf, gzip) and a real Prometheus
 * (Debian package `prometheus`) scraping a local target and remote-writing to us.
 */
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OTLPMetricExporter as JsonExporter } from '@opentelemetry/exporter-metrics-otlp-http';
import { OTLPMetricExporter as ProtoExporter } from '@opentelemetry/exporter-metrics-otlp-proto';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  AggregationTemporality,
  MeterProvider,
  MetricReader,
  type PushMetricExporter,
} from '@opentelemetry/sdk-metrics';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testBackends } from '../support/databases.ts';
import { spawnProcess } from '../support/spawn-server.ts';
import { readService, type ServerDatabase, serverDatabase } from './ingest-server.ts';

class ManualReader extends MetricReader {
  protected async onForceFlush(): Promise<void> {}
  protected async onShutdown(): Promise<void> {}
}

const hasPrometheus = (() => {
  try {
    execFileSync('prometheus', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

async function exportOnce(
  exporter: PushMetricExporter,
  service: string,
  temporality: AggregationTemporality,
) {
  const reader = new ManualReader({ aggregationTemporalitySelector: () => temporality });
  const provider = new MeterProvider({
    resource: resourceFromAttributes({ 'service.name': service }),
    readers: [reader],
  });
  const meter = provider.getMeter('lastplan-test');
  meter.createCounter('requests', { unit: '{requests}' }).add(5, { route: '/antrag' });
  meter.createHistogram('http.server.duration', { unit: 'ms' }).record(30, { route: '/antrag' });
  meter
    .createObservableGauge('memory_gib', { unit: 'MiBy' })
    .addCallback((r) => r.observe(1536, { host: 'h1' }));
  const { resourceMetrics } = await reader.collect();
  const result = await new Promise<{ code: number; error?: Error }>((resolve) =>
    exporter.export(resourceMetrics, resolve),
  );
  await provider.shutdown();
  await exporter.shutdown();
  return result;
}

describe.each(testBackends())('real clients against a running server on %s', (backend) => {
  let db: ServerDatabase;
  let url: string;
  let stop: () => Promise<unknown>;
  const from = new Date(Date.now() - 3_600_000).toISOString();
  const to = () => new Date(Date.now() + 3_600_000).toISOString();

  beforeAll(async () => {
    db = await serverDatabase(backend);
    const started = await db.start();
    url = started.url;
    stop = () => started.server.stop();
  }, 120_000);
  afterAll(async () => {
    await stop?.();
    await db?.dispose();
  });

  it.each([
    [
      'JSON',
      (headers: Record<string, string>, target: string) =>
        new JsonExporter({ url: target, headers, compression: 'gzip' as never }),
    ],
    [
      'protobuf',
      (headers: Record<string, string>, target: string) =>
        new ProtoExporter({ url: target, headers, compression: 'gzip' as never }),
    ],
  ] as const)(
    'the OTLP/HTTP %s exporter of the OpenTelemetry JS SDK is accepted and stored',
    async (name, make) => {
      const service = `otel-${name.toLowerCase()}`;
      const exporter = make({ authorization: `Bearer ${db.token}` }, `${url}/otlp/v1/metrics`);
      const result = await exportOnce(exporter, service, AggregationTemporality.CUMULATIVE);
      expect(result.error).toBeUndefined();
      expect(result.code).toBe(0);
      const stored = await readService(url, db.token, service, from, to());
      const byMetric = Object.fromEntries(stored.map((s) => [s.metric, s]));
      expect(byMetric.requests).toMatchObject({
        kind: 'counter',
        labels: { route: '/antrag' },
        points: [{ value: 5 }],
      });
      expect(byMetric.memory_gib).toMatchObject({ unit: 'GiB', kind: 'gauge', points: [{ value: 1.5 }] });
      expect(byMetric['http.server.duration_count']?.points[0]?.value).toBe(1);
      expect(byMetric['http.server.duration_sum']?.points[0]?.value).toBe(30);
    },
    60_000,
  );

  it('the OTLP exporter reports a failure for a wrong token', async () => {
    const exporter = new ProtoExporter({
      url: `${url}/otlp/v1/metrics`,
      headers: { authorization: 'Bearer lp_wrong_wrong_wrong_wrong_wrong' },
    });
    const result = await exportOnce(exporter, 'otel-denied', AggregationTemporality.CUMULATIVE);
    expect(result.code).not.toBe(0);
  }, 60_000);

  it.skipIf(!hasPrometheus)(
    'a real Prometheus scrapes a target and remote-writes to us',
    async () => {
      const dir = await mkdtemp(join(tmpdir(), 'lastplan-prom-'));
      let value = 40;
      const target: Server = createServer((_, res) => {
        value += 2;
        res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' });
        res.end(
          '# TYPE lastplan_test_requests_total counter\n' +
            `lastplan_test_requests_total{code="200"} ${value}\n` +
            '# TYPE lastplan_test_cpu_cores gauge\nlastplan_test_cpu_cores 1.5\n',
        );
      });
      await new Promise<void>((resolve) => target.listen(0, '127.0.0.1', resolve));
      const address = target.address();
      const targetPort = typeof address === 'object' && address ? address.port : 0;
      await writeFile(
        join(dir, 'prometheus.yml'),
        [
          'global:',
          '  scrape_interval: 1s',
          'scrape_configs:',
          '  - job_name: kfz-zulassung',
          '    static_configs:',
          `      - targets: ['127.0.0.1:${targetPort}']`,
          'remote_write:',
          `  - url: ${url}/api/v1/write`,
          '    authorization:',
          `      credentials: ${db.token}`,
          '    queue_config:',
          '      batch_send_deadline: 1s',
          '      min_backoff: 100ms',
          '      max_backoff: 1s',
          '',
        ].join('\n'),
      );
      const promPort = 20000 + Math.floor(Math.random() * 9999);
      const prometheus = spawnProcess(
        'prometheus',
        [
          `--config.file=${join(dir, 'prometheus.yml')}`,
          `--storage.tsdb.path=${join(dir, 'tsdb')}`,
          `--web.listen-address=127.0.0.1:${promPort}`,
        ],
        {},
      );
      try {
        let stored: Awaited<ReturnType<typeof readService>> = [];
        for (let i = 0; i < 90; i++) {
          stored = await readService(url, db.token, 'kfz-zulassung', from, to());
          const counter = stored.find((s) => s.metric === 'lastplan_test_requests_total');
          if (
            (counter?.points.length ?? 0) >= 2 &&
            stored.some((s) => s.metric === 'lastplan_test_cpu_cores')
          )
            break;
          await new Promise((r) => setTimeout(r, 1000));
        }
        const counter = stored.find((s) => s.metric === 'lastplan_test_requests_total');
        expect(counter, prometheus.output()).toMatchObject({
          kind: 'counter',
          labels: { code: '200', instance: `127.0.0.1:${targetPort}` },
        });
        expect(counter?.points.length).toBeGreaterThanOrEqual(2);
        expect(stored.find((s) => s.metric === 'lastplan_test_cpu_cores')?.points[0]?.value).toBe(1.5);
        expect(prometheus.output()).not.toMatch(/non-recoverable error/);
      } finally {
        await prometheus.stop();
        target.close();
        await rm(dir, { recursive: true, force: true });
      }
    },
    120_000,
  );
});
