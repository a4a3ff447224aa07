/**
 * Decoder throughput, without HTTP or a database: how many samples per second each decoder turns
 * into validated samples (CSV streamed; the others from whole bodies of 10,000 samples, as a
 * receiver would see them after reading the body). Prints figures; asserts nothing.
 *
 *   npx tsx scripts/bench-ingest-decoders.ts [rows=1000000]
 *   npx tsx scripts/bench-ingest-decoders.ts 5000000 stream   # CSV generated while decoding: memory stays flat
 */
import { decodeCsvSamples } from '../src/ingest/csv-samples.ts';
import { decodeSamples } from '../src/ingest/decode-samples.ts';
import { encodeSamples, type IngestFormat } from '../src/ingest/encode-samples.ts';
import { decodeJsonBatch } from '../src/ingest/json-batch.ts';
import type { SampleInput } from '../src/ingest/sample.ts';

const rows = Number(process.argv[2] ?? 1_000_000);
const seriesCount = 1000;
const perSeries = Math.ceil(rows / seriesCount);
const start = Date.UTC(2026, 0, 1);
const now = Date.UTC(2027, 0, 1);

async function* csvChunks(): AsyncGenerator<Uint8Array> {
  const encoder = new TextEncoder();
  yield encoder.encode('service,metric,unit,timestamp,value,labels\n');
  let text = '';
  for (let p = 0; p < perSeries; p++) {
    const ts = new Date(start + p * 60_000).toISOString();
    for (let s = 0; s < seriesCount; s++) {
      text += `svc-${s % 50},cpu_cores,cores,${ts},${(s * 0.37 + p) % 17},host=h${s}\n`;
      if (text.length > 64 * 1024) {
        yield encoder.encode(text);
        text = '';
      }
    }
  }
  yield encoder.encode(text);
}

async function benchCsv(): Promise<void> {
  // Generate first so the figure is the decoder's, not the generator's.
  const chunks: Uint8Array[] = [];
  for await (const chunk of csvChunks()) chunks.push(chunk);
  const bytes = chunks.reduce((n, c) => n + c.length, 0);
  async function* replay(): AsyncGenerator<Uint8Array> {
    yield* chunks;
  }
  const heapBefore = process.memoryUsage().heapUsed;
  const t0 = performance.now();
  let samples = 0;
  let rejected = 0;
  let peakHeap = 0;
  for await (const batch of decodeCsvSamples(replay(), { now, batchSize: 10_000 })) {
    samples += batch.samples.length;
    rejected += batch.rejected.length;
    peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
  }
  const seconds = (performance.now() - t0) / 1000;
  console.log(
    `csv:  ${samples} samples, ${rejected} rejected, ${(bytes / 2 ** 20).toFixed(1)} MiB in ${seconds.toFixed(2)} s = ${Math.round(samples / seconds).toLocaleString('en')} rows/s; heap growth while decoding <= ${((peakHeap - heapBefore) / 2 ** 20).toFixed(0)} MiB (input held in memory: ${(bytes / 2 ** 20).toFixed(0)} MiB)`,
  );
}

function benchJson(): void {
  const perRequest = 10_000;
  const series = [];
  for (let s = 0; s < 10; s++) {
    const points: [string, number][] = [];
    for (let p = 0; p < perRequest / 10; p++)
      points.push([new Date(start + p * 60_000).toISOString(), p % 17]);
    series.push({
      service: `svc-${s}`,
      metric: 'cpu_cores',
      unit: 'cores',
      labels: { host: `h${s}` },
      points,
    });
  }
  const body = new TextEncoder().encode(JSON.stringify({ series }));
  const requests = Math.ceil(rows / perRequest);
  const t0 = performance.now();
  let samples = 0;
  for (let r = 0; r < requests; r++) samples += decodeJsonBatch(body, { now }).samples.length;
  const seconds = (performance.now() - t0) / 1000;
  console.log(
    `json: ${samples} samples in ${requests} bodies of ${(body.length / 1024).toFixed(0)} KiB, ${seconds.toFixed(2)} s = ${Math.round(samples / seconds).toLocaleString('en')} samples/s`,
  );
}

async function benchFormat(format: IngestFormat): Promise<void> {
  const samples: SampleInput[] = [];
  for (let s = 0; s < 100; s++) {
    for (let p = 0; p < 100; p++) {
      samples.push({
        service: `svc-${s % 10}`,
        metric: 'cpu_cores',
        unit: 'cores',
        kind: 'gauge',
        labels: { host: `h${s}` },
        ts: start + p * 60_000,
        value: (s + p) % 17,
      });
    }
  }
  const { body } = encodeSamples(format, samples);
  const requests = Math.ceil(rows / samples.length);
  const t0 = performance.now();
  let decoded = 0;
  for (let r = 0; r < requests; r++)
    decoded += (await decodeSamples(format, body, { now, maxBytes: 64 << 20 })).samples.length;
  const seconds = (performance.now() - t0) / 1000;
  console.log(
    `${format.padEnd(13)} ${decoded} samples in ${requests} bodies of ${(body.length / 1024).toFixed(0)} KiB, ${seconds.toFixed(2)} s = ${Math.round(decoded / seconds).toLocaleString('en')} samples/s`,
  );
}

async function benchCsvStreaming(): Promise<void> {
  const t0 = performance.now();
  let samples = 0;
  let peakHeap = 0;
  let peakRss = 0;
  for await (const batch of decodeCsvSamples(csvChunks(), { now, batchSize: 10_000 })) {
    samples += batch.samples.length;
    const memory = process.memoryUsage();
    peakHeap = Math.max(peakHeap, memory.heapUsed);
    peakRss = Math.max(peakRss, memory.rss);
  }
  const seconds = (performance.now() - t0) / 1000;
  console.log(
    `csv streamed: ${samples} rows generated and decoded in ${seconds.toFixed(2)} s = ${Math.round(samples / seconds).toLocaleString('en')} rows/s (generator included); peak heap ${(peakHeap / 2 ** 20).toFixed(0)} MiB, peak RSS ${(peakRss / 2 ** 20).toFixed(0)} MiB`,
  );
}

if (process.argv[3] === 'stream') await benchCsvStreaming();
else {
  await benchCsv();
  benchJson();
  for (const format of ['otlp-json', 'otlp-protobuf', 'remote-write'] as const) await benchFormat(format);
}
