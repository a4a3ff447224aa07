/**
 * The receivers against their real clients, over HTTP to a running server process: the
 * OpenTelemetry JS SDK's OTLP/HTTP exporters (JSON and protobuf, gzip) and a real Prometheus
 * (Debian package `prometheus`) scraping itself, a real node_exporter (`prometheus-node-exporter`)
 * and a local target, and remote-writing all of it to us for RUN_MS; Prometheus' own counters of
 * failed, retried and dropped samples must stay 0.
 */
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { loadavg, tmpdir } from 'node:os';
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
import { type Spawned, spawnProcess } from '../support/spawn-server.ts';
import { readService, type ServerDatabase, serverDatabase } from './ingest-server.ts';

class ManualReader extends MetricReader {
  protected async onForceFlush(): Promise<void> {}
  protected async onShutdown(): Promise<void> {}
}

/** Debian's `prometheus` and `prometheus-node-exporter`; CI (REQUIRE_PROMETHEUS=1 or CI=true) fails without them. */
const realPrometheus = (() => {
  const missing = ['prometheus', 'prometheus-node-exporter'].filter((command) => {
    try {
      execFileSync(command, ['--version'], { stdio: 'ignore' });
      return false;
    } catch {
      return true;
    }
  });
  const required = process.env.REQUIRE_PROMETHEUS === '1' || process.env.CI === 'true';
  return { missing, run: missing.length === 0 || required };
})();

/** How long Prometheus remote-writes to us: many batches, yet short enough for CI (per backend). */
const RUN_MS = Number(process.env.LASTPLAN_PROMETHEUS_SECONDS ?? 45) * 1000;
/** When the test target's queue gauge starts to have samples; its metadata is sent every 2 s. */
const QUEUE_AFTER_MS = 12_000;

/** Prometheus' own remote-write counters (2.x names) from its `/metrics`. */
async function remoteStorageCounters(port: number) {
  const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
  const sum = (name: string) => {
    let total = 0;
    for (const line of text.split('\n')) {
      if (line.startsWith(`${name}{`) || line.startsWith(`${name} `))
        total += Number(line.slice(line.lastIndexOf(' ') + 1));
    }
    return total;
  };
  return {
    samples: sum('prometheus_remote_storage_samples_total'),
    failed: sum('prometheus_remote_storage_samples_failed_total'),
    retried: sum('prometheus_remote_storage_samples_retried_total'),
    dropped: sum('prometheus_remote_storage_samples_dropped_total'),
    pending: sum('prometheus_remote_storage_samples_pending'),
    requests: sum('prometheus_remote_storage_sent_batch_duration_seconds_count'),
    metadata: sum('prometheus_remote_storage_metadata_total'),
    metadataFailed: sum('prometheus_remote_storage_metadata_failed_total'),
    metadataRetried: sum('prometheus_remote_storage_metadata_retried_total'),
  };
}

/** Sums the server's "remote write skipped non-finite samples" log lines. */
function skippedInLog(log: string): { nan: number; inf: number; stale: number } {
  const total = { nan: 0, inf: 0, stale: 0 };
  for (const line of log.split('\n')) {
    if (!line.includes('remote write skipped non-finite samples')) continue;
    const entry = JSON.parse(line.slice(line.indexOf('{'))) as { nan: number; inf: number; stale: number };
    total.nan += entry.nan;
    total.inf += entry.inf;
    total.stale += entry.stale;
  }
  return total;
}

async function listen(server: Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  return typeof address === 'object' && address ? address.port : 0;
}

/** A port nobody listens on right now (the OS picks it). */
async function freePort(): Promise<number> {
  const probe = createServer();
  const port = await listen(probe);
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

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
  let server: Spawned;
  const from = new Date(Date.now() - 3_600_000).toISOString();
  const to = () => new Date(Date.now() + 3_600_000).toISOString();

  beforeAll(async () => {
    db = await serverDatabase(backend);
    // Info level, so that the remote-write receiver's counts of skipped samples reach the output.
    const started = await db.start({ LOG_LEVEL: 'info' });
    url = started.url;
    server = started.server;
  }, 120_000);
  afterAll(async () => {
    await server?.stop();
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

  it.skipIf(!realPrometheus.run)(
    "a real Prometheus remote-writes its own metrics, node_exporter's and a target's, and counts nothing as failed",
    async () => {
      if (realPrometheus.missing.length > 0) {
        throw new Error(
          `REQUIRE_PROMETHEUS=1 (or CI) but ${realPrometheus.missing.join(' and ')} is missing: apt-get install prometheus prometheus-node-exporter`,
        );
      }
      const dir = await mkdtemp(join(tmpdir(), 'lastplan-prom-'));
      const started = Date.now();
      let value = 40;
      const target: Server = createServer((_, res) => {
        value += 2;
        res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' });
        // The queue gauge is announced (TYPE, HELP) from the start and has samples only later,
        // so its metadata reaches us first: by its name alone it would be taken for a counter.
        const queue = Date.now() - started > QUEUE_AFTER_MS ? `lastplan_test_queue_count ${value % 7}\n` : '';
        res.end(
          '# TYPE lastplan_test_requests_total counter\n' +
            `lastplan_test_requests_total{code="200"} ${value}\n` +
            '# TYPE lastplan_test_cpu_cores gauge\nlastplan_test_cpu_cores 1.5\n' +
            '# HELP lastplan_test_queue_count Jobs waiting in the queue.\n' +
            `# TYPE lastplan_test_queue_count gauge\n${queue}`,
        );
      });
      const targetPort = await listen(target);
      const nodePort = await freePort();
      const promPort = await freePort();
      const remoteWrite = [
        'remote_write:',
        `  - url: ${url}/api/v1/write`,
        '    name: lastplan',
        '    authorization:',
        `      credentials: ${db.token}`,
        '    queue_config:',
        '      batch_send_deadline: 1s',
        '      min_backoff: 100ms',
        '      max_backoff: 1s',
        '    metadata_config:',
        '      send_interval: 2s',
        '',
      ];
      const config = join(dir, 'prometheus.yml');
      await writeFile(
        config,
        [
          'global:',
          '  scrape_interval: 2s',
          '  scrape_timeout: 2s',
          'scrape_configs:',
          '  - job_name: kfz-zulassung',
          '    static_configs:',
          `      - targets: ['127.0.0.1:${targetPort}']`,
          '  - job_name: prometheus',
          '    static_configs:',
          `      - targets: ['127.0.0.1:${promPort}']`,
          '  - job_name: node',
          '    static_configs:',
          `      - targets: ['127.0.0.1:${nodePort}']`,
          ...remoteWrite,
        ].join('\n'),
      );
      const nodeExporter = spawnProcess(
        'prometheus-node-exporter',
        [`--web.listen-address=127.0.0.1:${nodePort}`, '--log.level=warn'],
        {},
      );
      const prometheus = spawnProcess(
        'prometheus',
        [
          `--config.file=${config}`,
          `--storage.tsdb.path=${join(dir, 'tsdb')}`,
          `--web.listen-address=127.0.0.1:${promPort}`,
        ],
        {},
      );
      const serverLogFrom = server.output().length;
      try {
        await new Promise((r) => setTimeout(r, RUN_MS));
        // Two targets go away: their next scrapes fail, and Prometheus writes staleness markers
        // for all their series at once.
        await nodeExporter.stop();
        target.close();
        await new Promise((r) => setTimeout(r, 5_000));
        // Then scraping ends, reloaded as an operator would (SIGHUP): Prometheus has nothing more
        // to send, so its queue drains and every sample has had its answer before the counters
        // are read.
        await writeFile(
          config,
          ['global:', '  scrape_interval: 2s', 'scrape_configs: []', ...remoteWrite].join('\n'),
        );
        const beforeReload = prometheus.output().length;
        prometheus.child.kill('SIGHUP');
        for (
          let i = 0;
          i < 60 && !/Completed loading of configuration file/.test(prometheus.output().slice(beforeReload));
          i++
        )
          await new Promise((r) => setTimeout(r, 500));
        const stopped = Date.now();
        let counters = await remoteStorageCounters(promPort);
        for (let i = 0; i < 180 && (counters.pending > 0 || Date.now() < stopped + 3_000); i++) {
          await new Promise((r) => setTimeout(r, 500));
          counters = await remoteStorageCounters(promPort);
        }
        const skipped = skippedInLog(server.output().slice(serverLogFrom));
        console.info(
          `real Prometheus on ${backend} after ${Math.round((Date.now() - started) / 1000)} s (load ${loadavg()
            .map((l) => l.toFixed(2))
            .join(' ')}):`,
          JSON.stringify({ ...counters, skipped }),
        );
        // Warnings and errors of both, for the assertion messages.
        const output = `${prometheus.output()}\n--- lastplan ---\n${server.output().slice(serverLogFrom)}`
          .split('\n')
          .filter((line) => !/level=info|"level":"info"/.test(line))
          .join('\n');
        expect(counters.samples, output).toBeGreaterThan(1000);
        expect(counters.requests, output).toBeGreaterThan(10);
        expect(counters, output).toMatchObject({ failed: 0, retried: 0, dropped: 0, pending: 0 });
        expect(counters.metadata, output).toBeGreaterThan(0);
        expect(counters.metadataFailed + counters.metadataRetried, output).toBe(0);
        expect(prometheus.output()).not.toMatch(/non-recoverable error/);
        // Prometheus' own summaries have NaN quantiles until something is observed.
        expect(skipped.nan, output).toBeGreaterThan(0);
        expect(skipped.stale, output).toBeGreaterThan(0);

        const node = await readService(url, db.token, 'node', from, to(), [
          'node_cpu_seconds_total',
          'node_memory_MemTotal_bytes',
          'node_load1',
        ]);
        const nodeSeries = (metric: string) => node.filter((s) => s.metric === metric);
        expect(nodeSeries('node_cpu_seconds_total')[0], output).toMatchObject({
          kind: 'counter',
          unit: 's',
          labels: { instance: `127.0.0.1:${nodePort}`, cpu: expect.any(String), mode: expect.any(String) },
        });
        expect(nodeSeries('node_memory_MemTotal_bytes')[0]).toMatchObject({ kind: 'gauge', unit: 'B' });
        expect(nodeSeries('node_load1')[0]?.points.length).toBeGreaterThan(5);

        const own = await readService(url, db.token, 'prometheus', from, to(), [
          'prometheus_build_info',
          'prometheus_engine_query_duration_seconds_count',
          'go_gc_duration_seconds_sum',
        ]);
        const ownSeries = (metric: string) => own.filter((s) => s.metric === metric);
        expect(ownSeries('prometheus_build_info')[0]?.labels.version).toMatch(/^\d+\.\d+/);
        // A summary whose quantiles were NaN in the first scrapes: its count and sum are stored.
        expect(ownSeries('prometheus_engine_query_duration_seconds_count')[0]).toMatchObject({
          kind: 'counter',
        });
        expect(ownSeries('go_gc_duration_seconds_sum')[0]).toMatchObject({ kind: 'counter', unit: 's' });

        const stored = await readService(url, db.token, 'kfz-zulassung', from, to());
        const counter = stored.find((s) => s.metric === 'lastplan_test_requests_total');
        expect(counter, prometheus.output()).toMatchObject({
          kind: 'counter',
          labels: { code: '200', instance: `127.0.0.1:${targetPort}` },
        });
        expect(counter?.points.length).toBeGreaterThanOrEqual(10);
        expect(stored.find((s) => s.metric === 'lastplan_test_cpu_cores')?.points[0]?.value).toBe(1.5);
        // Stored as what its metadata says, not as what its name suggests.
        expect(
          stored.find((s) => s.metric === 'lastplan_test_queue_count'),
          output,
        ).toMatchObject({
          kind: 'gauge',
        });
      } finally {
        await prometheus.stop();
        await nodeExporter.stop();
        target.close();
        await rm(dir, { recursive: true, force: true });
      }
    },
    RUN_MS + 120_000,
  );
});
