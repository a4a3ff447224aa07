import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultIngestSettings } from '../../src/config.ts';
import type { Database } from '../../src/store/database.ts';
import { openTestDatabase, testBackends } from '../support/databases.ts';
import { bearer, jsonRequest, seedTenant, type TestTenant, testApp } from '../support/test-app.ts';

const HOUR = 3_600_000;
const t0 = Date.parse('2026-11-20T10:00:00Z');
const iso = (ms: number) => new Date(ms).toISOString();

type App = ReturnType<typeof testApp>['app'];

async function post(app: App, token: string, body: unknown) {
  const res = await app.request('/v1/metrics', jsonRequest('POST', token, body));
  return { status: res.status, type: res.headers.get('content-type'), body: await res.json() };
}

async function csv(app: App, token: string, text: string, headers: Record<string, string> = {}) {
  const res = await app.request('/v1/metrics', {
    method: 'POST',
    headers: bearer(token, { 'content-type': 'text/csv', ...headers }),
    body: text,
  });
  return { status: res.status, type: res.headers.get('content-type'), body: await res.json() };
}

async function seriesOf(app: App, token: string, service: string) {
  const services = await (await app.request('/v1/services?limit=1000', { headers: bearer(token) })).json();
  const found = services.items.find((s: { key: string }) => s.key === service);
  if (!found) return [];
  const page = await (
    await app.request(`/v1/services/${found.id}/series`, { headers: bearer(token) })
  ).json();
  return page.items as {
    id: string;
    metric: string;
    unit: string;
    kind: string;
    labels: Record<string, string>;
  }[];
}

async function rollups(
  app: App,
  token: string,
  seriesId: string,
  from = t0 - 24 * HOUR,
  to = t0 + 24 * HOUR,
) {
  const res = await app.request(`/v1/series/${seriesId}/samples?from=${iso(from)}&to=${iso(to)}&step=1h`, {
    headers: bearer(token),
  });
  expect(res.status).toBe(200);
  return (await res.json()).points as {
    ts: string;
    avg: number;
    min: number;
    max: number;
    sum: number;
    count: number;
    increase?: number;
  }[];
}

describe.each(testBackends())('POST /v1/metrics on %s', (backend) => {
  let database: Database;
  let app: App;
  let tenant: TestTenant;
  let other: TestTenant;

  beforeAll(async () => {
    database = await openTestDatabase(backend);
    app = testApp(database).app;
    tenant = await seedTenant(database, 'ingest-a');
    other = await seedTenant(database, 'ingest-b');
  });
  afterAll(() => database?.close());

  it('stores a JSON batch, creating service and series, and counts a retry as unchanged', async () => {
    const batch = {
      series: [
        {
          service: 'kfz-zulassung',
          metric: 'memory_gib',
          unit: 'GiB',
          labels: { host: 'a' },
          points: [
            [iso(t0), 2],
            [iso(t0 + 60_000), 4],
            [iso(t0 + HOUR), 6],
          ],
        },
      ],
    };
    const first = await post(app, tenant.tokens.ingest, batch);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ accepted: 3, inserted: 3, updated: 0, unchanged: 0, rejected: [] });
    const again = await post(app, tenant.tokens.ingest, batch);
    expect(again.body).toMatchObject({ accepted: 3, inserted: 0, updated: 0, unchanged: 3 });
    const [series] = await seriesOf(app, tenant.tokens.read, 'kfz-zulassung');
    expect(series).toMatchObject({ metric: 'memory_gib', unit: 'GiB', kind: 'gauge', labels: { host: 'a' } });
    const hours = await rollups(app, tenant.tokens.read, series?.id as string);
    expect(hours).toEqual([
      { ts: iso(t0), avg: 3, min: 2, max: 4, sum: 6, count: 2 },
      { ts: iso(t0 + HOUR), avg: 6, min: 6, max: 6, sum: 6, count: 1 },
    ]);
  });

  it('converts a convertible unit, corrects a value and keeps rollups consistent with late samples', async () => {
    const res = await post(app, tenant.tokens.ingest, {
      series: [
        {
          service: 'kfz-zulassung',
          metric: 'memory_gib',
          unit: 'MiB',
          labels: { host: 'a' },
          points: [
            [iso(t0), 1024],
            [iso(t0 + 30_000), 5120],
          ],
        },
      ],
    });
    expect(res.body).toMatchObject({ accepted: 2, inserted: 1, updated: 1, unchanged: 0 });
    const [series] = await seriesOf(app, tenant.tokens.read, 'kfz-zulassung');
    const [hour] = await rollups(app, tenant.tokens.read, series?.id as string);
    expect(hour).toEqual({ ts: iso(t0), avg: 10 / 3, min: 1, max: 5, sum: 10, count: 3 });
  });

  it('refuses an incompatible unit for an existing custom series but stores the rest', async () => {
    const make = (unit: string, value: number) => ({
      service: 'wahlschein',
      metric: 'queue_wait',
      unit,
      points: [[iso(t0), value]],
    });
    expect((await post(app, tenant.tokens.ingest, { series: [make('s', 2)] })).status).toBe(200);
    const res = await post(app, tenant.tokens.ingest, {
      series: [make('ms', 500), { ...make('B', 1), metric: 'queue_wait' }],
    });
    expect(res.status).toBe(200);
    expect(res.body.accepted).toBe(1);
    expect(res.body.rejected).toEqual([
      expect.objectContaining({
        series: 'wahlschein/queue_wait',
        reason: expect.stringMatching(/cannot be converted/),
      }),
    ]);
  });

  it('answers 400 with a pointer when every item is bad', async () => {
    const res = await post(app, tenant.tokens.ingest, {
      series: [{ service: 'kfz', metric: 'cpu_cores', unit: 'cores', points: [[iso(t0), 'x']] }],
    });
    expect(res.status).toBe(400);
    expect(res.type).toBe('application/problem+json');
    expect(res.body.detail).toMatch(/\/series\/0\/points\/0/);
    expect(res.body.errors[0].pointer).toMatch(/^\/series\/0\/points\/0/);
  });

  it('computes counter increase per hour across resets and late samples', async () => {
    const points = (pairs: [number, number][]) => ({
      series: [
        {
          service: 'zaehler',
          metric: 'requests_total',
          unit: '1',
          kind: 'counter',
          points: pairs.map(([t, v]) => [iso(t), v]),
        },
      ],
    });
    await post(
      app,
      tenant.tokens.ingest,
      points([
        [t0, 100],
        [t0 + 30 * 60_000, 160],
        [t0 + HOUR + 30 * 60_000, 20],
        [t0 + 2 * HOUR + 10 * 60_000, 50],
      ]),
    );
    const [series] = await seriesOf(app, tenant.tokens.read, 'zaehler');
    let hours = await rollups(app, tenant.tokens.read, series?.id as string);
    expect(hours.map((h) => h.increase)).toEqual([60, 20, 30]);
    // A late sample inside hour 1 splits the reset interval: 160 -> 180 (+20), then reset to 20 (+20).
    await post(app, tenant.tokens.ingest, points([[t0 + HOUR + 5 * 60_000, 180]]));
    hours = await rollups(app, tenant.tokens.read, series?.id as string);
    expect(hours.map((h) => h.increase)).toEqual([60, 40, 30]);
    // A late sample in hour 1 changes hour 2's increase too: 20 -> 45 in hour 1, then 45 -> 50.
    await post(app, tenant.tokens.ingest, points([[t0 + HOUR + 50 * 60_000, 45]]));
    hours = await rollups(app, tenant.tokens.read, series?.id as string);
    expect(hours.map((h) => h.increase)).toEqual([60, 65, 5]);
  });

  it('streams CSV with a bad line and reports its line number', async () => {
    const text = [
      'service,metric,unit,timestamp,value,labels',
      `buergerkonto,requests_per_second,1/s,${iso(t0)},12.5,env=prod`,
      `buergerkonto,requests_per_second,1/s,${iso(t0 + 60_000)},NaN,env=prod`,
      `buergerkonto,requests_per_second,rpm,${iso(t0 + 120_000)},600,env=prod`,
      '',
    ].join('\n');
    const res = await csv(app, tenant.tokens.ingest, text);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ accepted: 2, inserted: 2, rejectedCount: 1 });
    expect(res.body.rejected[0]).toMatchObject({ line: 3 });
    const [series] = await seriesOf(app, tenant.tokens.read, 'buergerkonto');
    const raw = await (
      await app.request(`/v1/series/${series?.id}/samples?from=${iso(t0)}&to=${iso(t0 + HOUR)}&step=raw`, {
        headers: bearer(tenant.tokens.read),
      })
    ).json();
    expect(raw.points).toEqual([
      { ts: iso(t0), value: 12.5 },
      { ts: iso(t0 + 120_000), value: 10 },
    ]);
  });

  it('accepts gzip CSV and refuses a corrupt gzip body with 400', async () => {
    const text = `service,metric,unit,timestamp,value\ngz,cpu_cores,cores,${iso(t0)},1\n`;
    const gz = new Uint8Array(
      await new Response(new Blob([text]).stream().pipeThrough(new CompressionStream('gzip'))).arrayBuffer(),
    );
    expect(
      (await csv(app, tenant.tokens.ingest, gz as unknown as string, { 'content-encoding': 'gzip' })).body,
    ).toMatchObject({ accepted: 1 });
    const broken = gz.slice(0, 12);
    const res = await csv(app, tenant.tokens.ingest, broken as unknown as string, {
      'content-encoding': 'gzip',
    });
    expect(res.status).toBe(400);
    expect(res.body.detail).toMatch(/gzip/);
  });

  it('answers 415 for another content type and 401/403 without the ingest scope', async () => {
    const res = await app.request('/v1/metrics', {
      method: 'POST',
      headers: bearer(tenant.tokens.ingest, { 'content-type': 'text/plain' }),
      body: 'x',
    });
    expect(res.status).toBe(415);
    expect((await app.request('/v1/metrics', { method: 'POST', body: '{}' })).status).toBe(401);
    expect((await post(app, tenant.tokens.read, { series: [] })).status).toBe(403);
  });

  it('keeps series of one tenant invisible to another', async () => {
    const [series] = await seriesOf(app, tenant.tokens.read, 'kfz-zulassung');
    const res = await app.request(`/v1/series/${series?.id}/samples?from=${iso(t0)}&to=${iso(t0 + HOUR)}`, {
      headers: bearer(other.tokens.read),
    });
    expect(res.status).toBe(404);
  });

  it('refuses new series over the per-tenant limit with a clear reason', async () => {
    const limited = testApp(database, { ingest: { ...defaultIngestSettings, maxSeries: 8 } }).app;
    {
      const res = await post(limited, tenant.tokens.ingest, {
        series: Array.from({ length: 6 }, (_, i) => ({
          service: 'viele',
          metric: 'cpu_cores',
          labels: { pod: `p${i}` },
          points: [[iso(t0), 1]],
        })),
      });
      expect(res.status).toBe(200);
      expect(res.body.accepted).toBeGreaterThan(0);
      expect(res.body.rejected[0].reason).toMatch(/limit of 8 series/);
    }
  });

  it('shows an embed token only the series of its own services', async () => {
    const [mine] = await seriesOf(app, tenant.tokens.read, 'kfz-zulassung');
    const [theirs] = await seriesOf(app, tenant.tokens.read, 'wahlschein');
    const services = await (
      await app.request('/v1/services?limit=1000', { headers: bearer(tenant.tokens.read) })
    ).json();
    const kfz = services.items.find((s: { key: string }) => s.key === 'kfz-zulassung');
    const wahl = services.items.find((s: { key: string }) => s.key === 'wahlschein');
    const created = await app.request(
      '/v1/tokens',
      jsonRequest('POST', tenant.tokens.admin, {
        name: 'intranet',
        kind: 'embed',
        resources: [`service:${kfz.id}`],
        allowedOrigins: ['https://intranet.example'],
      }),
    );
    expect(created.status).toBe(201);
    const embed = (await created.json()).token as string;
    const range = `from=${iso(t0)}&to=${iso(t0 + HOUR)}`;
    expect(
      (await app.request(`/v1/series/${mine?.id}/samples?${range}`, { headers: bearer(embed) })).status,
    ).toBe(200);
    expect(
      (await app.request(`/v1/series/${theirs?.id}/samples?${range}`, { headers: bearer(embed) })).status,
    ).toBe(404);
    expect((await app.request(`/v1/services/${kfz.id}/series`, { headers: bearer(embed) })).status).toBe(200);
    expect((await app.request(`/v1/services/${wahl.id}/series`, { headers: bearer(embed) })).status).toBe(
      404,
    );
    expect((await post(app, embed, { series: [] })).status).toBe(403);
  });

  it('pages through the series of a service', async () => {
    const services = await (
      await app.request('/v1/services?limit=1000', { headers: bearer(tenant.tokens.read) })
    ).json();
    const viele = services.items.find((s: { key: string }) => s.key === 'viele');
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await (
        await app.request(`/v1/services/${viele.id}/series?limit=2${cursor ? `&cursor=${cursor}` : ''}`, {
          headers: bearer(tenant.tokens.read),
        })
      ).json();
      seen.push(...page.items.map((s: { labels: { pod: string } }) => s.labels.pod));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual([...seen].sort());
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.length).toBeGreaterThan(2);
  });

  it('refuses samples older than the raw retention and prunes expired raw samples, keeping rollups', async () => {
    const old = Date.parse('2026-10-01T10:00:00Z');
    const batch = (ts: number) => ({
      series: [{ service: 'alt', metric: 'cpu_cores', points: [[iso(ts), 3]] }],
    });
    expect((await post(app, tenant.tokens.ingest, batch(old))).body).toMatchObject({ accepted: 1 });
    const retaining = testApp(database, { ingest: { ...defaultIngestSettings, rawRetentionDays: 30 } }).app;
    const refused = await post(retaining, tenant.tokens.ingest, batch(old + 60_000));
    expect(refused.status).toBe(400);
    expect(refused.body.detail).toMatch(/older than the raw-sample retention/);
    // The first accepted batch after the setting prunes expired raw samples.
    expect((await post(retaining, tenant.tokens.ingest, batch(t0))).body).toMatchObject({ accepted: 1 });
    const [series] = await seriesOf(app, tenant.tokens.read, 'alt');
    const raw = await (
      await app.request(`/v1/series/${series?.id}/samples?from=${iso(old)}&to=${iso(old + HOUR)}&step=raw`, {
        headers: bearer(tenant.tokens.read),
      })
    ).json();
    expect(raw.points).toEqual([]);
    expect(await rollups(app, tenant.tokens.read, series?.id as string, old - HOUR, old + HOUR)).toEqual([
      { ts: iso(old), avg: 3, min: 3, max: 3, sum: 3, count: 1 },
    ]);
  });

  it('refuses a metric name the store cannot hold instead of failing', async () => {
    const res = await post(app, tenant.tokens.ingest, {
      series: [
        { service: 'lang', metric: 'm'.repeat(230), points: [[iso(t0), 1]] },
        { service: 'Bürgerbüro', metric: 'cpu_cores', points: [[iso(t0), 1]] },
        { service: 'lang', metric: 'cpu_cores', points: [[iso(t0), 1]] },
      ],
    });
    expect(res.status).toBe(200);
    expect(res.body.accepted).toBe(1);
    expect(res.body.rejected.map((r: { reason: string }) => r.reason)).toEqual([
      expect.stringMatching(/longer than 200/),
      expect.stringMatching(/service key 'Bürgerbüro' must be/),
    ]);
  });

  it('says what a CSV stream committed before it failed midway', async () => {
    const rows = ['service,metric,unit,timestamp,value'];
    for (let i = 0; i < 60_000; i++) rows.push(`strom,cpu_cores,cores,${iso(t0 - i * 1000)},1`);
    const text = new TextEncoder().encode(`${rows.join('\n')}\n`);
    // Two chunks: the good rows arrive (and commit) before the bad bytes do.
    const chunks = [text, new Uint8Array([0xff, 0xfe, 0x0a])];
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        const next = chunks.shift();
        if (next) controller.enqueue(next);
        else controller.close();
      },
    });
    const response = await app.request('/v1/metrics', {
      method: 'POST',
      headers: bearer(tenant.tokens.ingest, { 'content-type': 'text/csv' }),
      body: stream,
      duplex: 'half',
    } as RequestInit);
    const res = { status: response.status, body: await response.json() };
    expect(res.status).toBe(400);
    expect(res.body.detail).toMatch(/UTF-8.*50000 samples before this point were committed/);
    expect(res.body.committed).toMatchObject({ accepted: 50_000, inserted: 50_000 });
  });

  it('answers 400, not 500, when huge values overflow an hourly sum', async () => {
    const res = await post(app, tenant.tokens.ingest, {
      series: [
        {
          service: 'riesig',
          metric: 'cpu_cores',
          points: [
            [iso(t0), 1.7e308],
            [iso(t0 + 1000), 1.7e308],
          ],
        },
      ],
    });
    expect(res.status).toBe(400);
    expect(res.body.detail).toMatch(/double-precision range/);
  });
});
