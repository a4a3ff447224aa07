/**
 * The shared HTTP suite: the same good and bad samples go through every receiver (JSON, CSV,
 * OTLP JSON and protobuf, remote write) into a real database, and must be stored the same.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultIngestSettings } from '../../src/config.ts';
import { encodeSamples, type IngestFormat, ingestFormats } from '../../src/ingest/encode-samples.ts';
import { ProtoReader } from '../../src/ingest/protobuf-reader.ts';
import { ProtoWriter } from '../../src/ingest/protobuf-writer.ts';
import type { SampleInput } from '../../src/ingest/sample.ts';
import { sharedGoodSamples } from '../../src/ingest/shared-samples.ts';
import { snappyCompress } from '../../src/ingest/snappy.ts';
import type { Database } from '../../src/store/database.ts';
import { openTestDatabase, testBackends } from '../support/databases.ts';
import { receiverPaths } from '../support/receiver-paths.ts';
import { bearer, seedTenant, testApp, testNow } from '../support/test-app.ts';

const now = testNow.getTime();
const t = now - 2 * 3_600_000;
const LIMIT = 64 * 1024;

const good = sharedGoodSamples(t);

const bad: [string, Partial<SampleInput>, RegExp][] = [
  ['a negative counter', { metric: 'requests_total', unit: '1', kind: 'counter', value: -1 }, /negative/],
  ['a timestamp before 2000', { ts: Date.UTC(1999, 11, 31) }, /before 2000-01-01/],
  ['a timestamp over an hour ahead', { ts: now + 2 * 3_600_000 }, /more than 1 h after now/],
  ['a non-finite value', { value: Number.POSITIVE_INFINITY }, /not finite|must be a number|not a decimal/],
  ['an over-long label value', { labels: { host: 'x'.repeat(600) } }, /longer than 512/],
  [
    'too many labels',
    { labels: Object.fromEntries(Array.from({ length: 33 }, (_, i) => [`k${i}`, 'v'])) },
    /33 labels/,
  ],
  ['an empty service', { service: '' }, /service/],
];

type App = ReturnType<typeof testApp>['app'];

function send(
  app: App,
  token: string,
  format: IngestFormat,
  body: Uint8Array,
  headers: Record<string, string> = {},
) {
  const encoded = encodeSamples(format, []);
  return app.request(receiverPaths[format], {
    method: 'POST',
    headers: bearer(token, {
      'content-type': encoded.contentType,
      ...(encoded.contentEncoding ? { 'content-encoding': encoded.contentEncoding } : {}),
      ...headers,
    }),
    body: body as Uint8Array<ArrayBuffer>,
  });
}

async function stored(app: App, token: string): Promise<SampleInput[]> {
  const out: SampleInput[] = [];
  const services = await (await app.request('/v1/services', { headers: bearer(token) })).json();
  for (const service of services.items) {
    const series = await (
      await app.request(`/v1/services/${service.id}/series`, { headers: bearer(token) })
    ).json();
    for (const s of series.items) {
      const from = new Date(t - 3_600_000).toISOString();
      const to = new Date(now + 3_600_000).toISOString();
      const res = await app.request(`/v1/series/${s.id}/samples?from=${from}&to=${to}&step=raw`, {
        headers: bearer(token),
      });
      for (const p of (await res.json()).points) {
        out.push({
          service: service.key,
          metric: s.metric,
          unit: s.unit,
          kind: s.kind,
          labels: s.labels,
          ts: Date.parse(p.ts),
          value: p.value,
        });
      }
    }
  }
  return order(out);
}

/** A `google.rpc.Status` (code 1, message 2) from its protobuf bytes. */
function decodeProtoStatus(bytes: Uint8Array): { code: number; message: string } {
  const r = new ProtoReader(bytes);
  const status = { code: 0, message: '' };
  while (!r.done) {
    const [field, wire] = r.tag();
    if (field === 1) status.code = r.varint();
    else if (field === 2) status.message = r.string();
    else r.skip(wire);
  }
  return status;
}

const order = (samples: readonly SampleInput[]) =>
  [...samples].sort((a, b) =>
    JSON.stringify([a.service, a.metric, a.labels, a.ts]).localeCompare(
      JSON.stringify([b.service, b.metric, b.labels, b.ts]),
    ),
  );

async function gzip(bytes: Uint8Array): Promise<Uint8Array> {
  const stream = new Blob([bytes as Uint8Array<ArrayBuffer>])
    .stream()
    .pipeThrough(new CompressionStream('gzip'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

describe.each(testBackends())('every receiver on %s', (backend) => {
  let database: Database;
  let app: App;

  beforeAll(async () => {
    database = await openTestDatabase(backend);
    // The streamed CSV import has its own, larger limit; the same here so one test covers all.
    app = testApp(database, {
      maxBodyBytes: LIMIT,
      ingest: { ...defaultIngestSettings, csvMaxBytes: LIMIT },
    }).app;
  });
  afterAll(async () => {
    await database?.close();
  });

  describe.each(ingestFormats)('%s', (format) => {
    it('stores the shared good samples exactly, and a retry changes nothing', async () => {
      const tenant = await seedTenant(database, `good-${format}`);
      const { body } = encodeSamples(format, good);
      const first = await send(app, tenant.tokens.ingest, format, body);
      expect(first.status).toBe(format === 'remote-write' ? 204 : 200);
      const retry = await send(app, tenant.tokens.ingest, format, body);
      expect(retry.status).toBe(format === 'remote-write' ? 204 : 200);
      if (format === 'json' || format === 'csv') {
        expect(await retry.json()).toMatchObject({
          accepted: good.length,
          inserted: 0,
          unchanged: good.length,
        });
      }
      expect(await stored(app, tenant.tokens.read)).toEqual(order(good));
    });

    it.each(bad)('refuses %s precisely and stores the good samples', async (_, override, reason) => {
      const tenant = await seedTenant(database, `bad-${format}-${crypto.randomUUID().slice(0, 8)}`);
      const { body } = encodeSamples(format, [...good, { ...(good[0] as SampleInput), ...override }]);
      const res = await send(app, tenant.tokens.ingest, format, body);
      if (format === 'remote-write' && !Number.isFinite(override.value ?? 0)) {
        // Prometheus' own metrics carry NaN and ±Inf: skipped and counted, the batch succeeds.
        expect(res.status).toBe(204);
        expect(res.headers.get('x-prometheus-remote-write-samples-written')).toBe(String(good.length));
        expect(res.headers.get('x-lastplan-samples-skipped')).toBe('1');
        expect(res.headers.get('x-lastplan-samples-skipped-detail')).toBe('nan=0, inf=1, stale=0');
      } else if (format === 'remote-write') {
        expect(res.status).toBe(400);
        expect(res.headers.get('content-type')).toBe('application/problem+json');
        expect(res.headers.get('x-prometheus-remote-write-samples-written')).toBe(String(good.length));
        expect((await res.json()).detail).toMatch(reason);
      } else if (format === 'otlp-json') {
        expect(res.status).toBe(200);
        const answer = await res.json();
        expect(answer.partialSuccess.rejectedDataPoints).toBe('1');
        expect(answer.partialSuccess.errorMessage).toMatch(reason);
      } else if (format === 'otlp-protobuf') {
        expect(res.status).toBe(200);
        expect(res.headers.get('content-type')).toBe('application/x-protobuf');
        expect(new Uint8Array(await res.arrayBuffer()).length).toBeGreaterThan(2);
      } else {
        expect(res.status).toBe(200);
        const answer = await res.json();
        expect(answer).toMatchObject({ accepted: good.length, rejectedCount: 1 });
        expect(answer.rejected[0].reason).toMatch(reason);
        expect(answer.rejected[0][format === 'csv' ? 'line' : 'pointer']).toBeDefined();
      }
      expect(await stored(app, tenant.tokens.read)).toEqual(order(good));
    });

    it('answers 413 for a body over the limit after decompression', async () => {
      const tenant = await seedTenant(database, `big-${format}`);
      const many = Array.from({ length: 4000 }, (_, i) => ({
        ...(good[0] as SampleInput),
        ts: t - i * 1000,
      }));
      const { body, contentEncoding } = encodeSamples(format, many);
      const small = contentEncoding === 'snappy' ? body : await gzip(body);
      expect(small.length).toBeLessThan(LIMIT);
      const res = await send(
        app,
        tenant.tokens.ingest,
        format,
        small,
        contentEncoding ? {} : { 'content-encoding': 'gzip' },
      );
      expect(res.status).toBe(413);
    });

    it('answers 415 for a wrong content type', async () => {
      const tenant = await seedTenant(database, `type-${format}`);
      const res = await send(app, tenant.tokens.ingest, format, new Uint8Array([1, 2, 3]), {
        'content-type': 'text/plain',
      });
      expect(res.status).toBe(415);
      expect(res.headers.get('content-type')).toBe('application/problem+json');
      expect((await res.json()).detail).toMatch(/text\/plain/);
    });

    it('answers 400 for a corrupt compressed body', async () => {
      const tenant = await seedTenant(database, `corrupt-${format}`);
      const { body, contentEncoding } = encodeSamples(format, good);
      const broken =
        contentEncoding === 'snappy' ? body.slice(0, body.length - 7) : (await gzip(body)).slice(0, 20);
      const res = await send(
        app,
        tenant.tokens.ingest,
        format,
        broken,
        contentEncoding ? {} : { 'content-encoding': 'gzip' },
      );
      expect(res.status).toBe(400);
      if (format === 'otlp-json')
        expect(await res.json()).toMatchObject({ code: 3, message: expect.stringMatching(/gzip/) });
      else if (format === 'otlp-protobuf') {
        const status = decodeProtoStatus(new Uint8Array(await res.arrayBuffer()));
        expect(status.code).toBe(3);
        expect(status.message).toMatch(/gzip/);
      } else expect((await res.json()).detail).toMatch(/gzip|snappy/);
    });

    it('never answers 500 to arbitrary bytes (property)', async () => {
      const tenant = await seedTenant(database, `fuzz-${format}`);
      const { body: sample } = encodeSamples(format, good);
      await fc.assert(
        fc.asyncProperty(
          fc.oneof(
            fc.uint8Array({ maxLength: 300 }),
            fc.tuple(fc.nat(sample.length), fc.nat(255), fc.nat(sample.length)).map(([at, byte, cut]) => {
              const copy = sample.slice(0, Math.max(at + 1, cut));
              copy[at] = byte;
              return copy;
            }),
          ),
          async (bytes) => {
            const res = await send(app, tenant.tokens.ingest, format, bytes);
            expect(res.status).toBeLessThan(500);
          },
        ),
        { numRuns: 40 },
      );
    });
  });

  it('answers OTLP failures as a google.rpc.Status in the JSON encoding', async () => {
    const tenant = await seedTenant(database, 'otlp-status');
    const res = await send(
      app,
      tenant.tokens.ingest,
      'otlp-json',
      new TextEncoder().encode('{"resourceMetrics": 5'),
    );
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toBe('application/json');
    expect(await res.json()).toMatchObject({ code: 3, message: expect.any(String) });
    const noToken = await app.request('/otlp/v1/metrics', {
      method: 'POST',
      headers: { 'content-type': 'application/x-protobuf' },
      body: new Uint8Array(0),
    });
    expect(noToken.status).toBe(401);
    expect(decodeProtoStatus(new Uint8Array(await noToken.arrayBuffer())).code).toBe(16);
  });

  it('takes remote-write kinds from metadata sent in an earlier request, as Prometheus sends it', async () => {
    const tenant = await seedTenant(database, 'rw-metadata');
    const metadata = new ProtoWriter()
      .message(3, (m) => m.varint(1, 2).string(2, 'queue_depth_count').string(4, 'Jobs waiting'))
      .finish();
    const first = await send(app, tenant.tokens.ingest, 'remote-write', snappyCompress(metadata));
    expect(first.status).toBe(204);
    expect(first.headers.get('x-prometheus-remote-write-samples-written')).toBe('0');
    const queue = (value: number, i: number): SampleInput => ({
      service: 'kfz-zulassung',
      metric: 'queue_depth_count',
      unit: '1',
      kind: 'gauge',
      labels: { host: 'h1' },
      ts: t + i * 60_000,
      value,
    });
    // Up and down, as a gauge goes: by its name alone it would be a counter with resets.
    const samples = [5, 3, 8].map(queue);
    const res = await send(
      app,
      tenant.tokens.ingest,
      'remote-write',
      encodeSamples('remote-write', samples).body,
    );
    expect(res.status).toBe(204);
    expect(await stored(app, tenant.tokens.read)).toEqual(order(samples));
  });

  it('keeps a remote-write series of the kind it was stored with when metadata arrives later', async () => {
    const tenant = await seedTenant(database, 'rw-late-metadata');
    const counter: SampleInput = {
      service: 'kfz-zulassung',
      metric: 'jobs_count',
      unit: '1',
      kind: 'counter',
      labels: {},
      ts: t,
      value: 4,
    };
    const guessed = encodeSamples('remote-write', [counter]).body;
    expect((await send(app, tenant.tokens.ingest, 'remote-write', guessed)).status).toBe(204);
    const later = new ProtoWriter()
      .message(1, (ts) =>
        ts
          .message(1, (l) => l.string(1, '__name__').string(2, 'jobs_count'))
          .message(1, (l) => l.string(1, 'job').string(2, 'kfz-zulassung'))
          .message(2, (p) => p.double(1, 6).varint(2, t + 60_000)),
      )
      .message(3, (m) => m.varint(1, 2).string(2, 'jobs_count'))
      .finish();
    const res = await send(app, tenant.tokens.ingest, 'remote-write', snappyCompress(later));
    expect(res.status).toBe(204);
    expect(await stored(app, tenant.tokens.read)).toEqual([
      counter,
      { ...counter, ts: t + 60_000, value: 6 },
    ]);
  });

  it('answers 400 for a remote-write body that is snappy but not protobuf', async () => {
    const tenant = await seedTenant(database, 'rw-proto');
    const res = await send(
      app,
      tenant.tokens.ingest,
      'remote-write',
      snappyCompress(new Uint8Array([0x0a, 0xff, 0xff, 0xff])),
    );
    expect(res.status).toBe(400);
    expect((await res.json()).detail).toMatch(/protobuf|truncated|length|bytes/i);
  });
});
