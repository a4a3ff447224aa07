import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RateLimitSettings } from '../../src/config.ts';
import type { Database } from '../../src/store/database.ts';
import { dailyCycle, seedSeries } from '../forecast/seed-series.ts';
import { openTestDatabase, testBackends } from '../support/databases.ts';
import { bearer, jsonRequest, seedTenant, type TestTenant, testApp } from '../support/test-app.ts';

const limits = (settings: Partial<RateLimitSettings>): RateLimitSettings => ({
  perToken: 0,
  perTenant: 0,
  expensivePerTenant: 0,
  ...settings,
});

/** A cost CSV whose body arrives only when `finish` is called: the import holds its slot meanwhile. */
function heldUpload(): { body: ReadableStream<Uint8Array>; started: Promise<void>; finish: () => void } {
  let finish = () => {};
  let started = () => {};
  const startedPromise = new Promise<void>((resolve) => {
    started = resolve;
  });
  const arrived = new Promise<void>((resolve) => {
    finish = resolve;
  });
  let sent = false;
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      started();
      if (sent) return controller.close();
      await arrived;
      sent = true;
      controller.enqueue(
        new TextEncoder().encode('date,service,category,amount,currency\n2026-03-02,kfz,compute,1.00,EUR\n'),
      );
    },
  });
  return { body, started: startedPromise, finish };
}

const upload = (token: string, body: BodyInit) =>
  ({
    method: 'POST',
    headers: bearer(token, { 'content-type': 'text/csv' }),
    body,
    duplex: 'half',
  }) as RequestInit;

const csv = 'date,service,category,amount,currency\n2026-03-02,kfz,compute,1.00,EUR\n';

describe.each(testBackends())('rate limits on %s', (backend) => {
  let database: Database;
  let a: TestTenant;
  let b: TestTenant;

  beforeAll(async () => {
    database = await openTestDatabase(backend);
    a = await seedTenant(database, 'flut');
    b = await seedTenant(database, 'ruhig');
  });
  afterAll(() => database?.close());

  it('answers 429 rate-limited with Retry-After once a token spent its minute; other tokens go on', async () => {
    const { app } = testApp(database, { rateLimit: limits({ perToken: 5 }) });
    const get = (token: string) => app.request('/v1/services', { headers: bearer(token) });
    for (let i = 0; i < 5; i++) expect((await get(a.tokens.read)).status).toBe(200);
    const refused = await get(a.tokens.read);
    expect(refused.status).toBe(429);
    expect(refused.headers.get('content-type')).toBe('application/problem+json');
    expect(refused.headers.get('retry-after')).toBe('1');
    expect(await refused.json()).toMatchObject({
      type: 'https://lastplan.de/problems/rate-limited',
      status: 429,
      detail: expect.stringContaining('more than 5 requests in a minute'),
      per: 'token',
    });
    expect((await get(a.tokens.admin)).status).toBe(200);
    expect((await get(b.tokens.read)).status).toBe(200);
    // The receivers count too, and answer in their protocol's terms with the same Retry-After.
    const ingest = testApp(database, { rateLimit: limits({ perToken: 1 }) }).app;
    const batch = { series: [] };
    expect((await ingest.request('/v1/metrics', jsonRequest('POST', a.tokens.ingest, batch))).status).toBe(
      200,
    );
    const second = await ingest.request('/v1/metrics', jsonRequest('POST', a.tokens.ingest, batch));
    expect(second.status).toBe(429);
    expect(second.headers.get('retry-after')).toBe('1');
  });

  it('limits a tenant across all its tokens, without touching another tenant', async () => {
    const { app } = testApp(database, { rateLimit: limits({ perTenant: 3 }) });
    const get = (token: string) => app.request('/v1/tenant', { headers: bearer(token) });
    expect((await get(a.tokens.read)).status).toBe(200);
    expect((await get(a.tokens.plan)).status).toBe(200);
    expect((await get(a.tokens.admin)).status).toBe(200);
    const refused = await get(a.tokens.finance);
    expect(refused.status).toBe(429);
    expect(await refused.json()).toMatchObject({ per: 'tenant' });
    expect((await get(b.tokens.read)).status).toBe(200);
  });

  it('does not limit with 0, nor without settings', async () => {
    for (const rateLimit of [limits({}), undefined]) {
      const { app } = testApp(database, { rateLimit });
      for (let i = 0; i < 30; i++)
        expect((await app.request('/v1/tenant', { headers: bearer(a.tokens.read) })).status).toBe(200);
    }
  });

  it('lets a tenant run only so many expensive operations at once; cached answers and other tenants pass', async () => {
    const { app } = testApp(database, { rateLimit: limits({ expensivePerTenant: 1 }) });
    const service = (await (
      await app.request('/v1/services', jsonRequest('POST', a.tokens.admin, { key: 'kfz', name: 'Kfz' }))
    ).json()) as { id: string };
    await app.request('/v1/services', jsonRequest('POST', b.tokens.admin, { key: 'kfz', name: 'Kfz' }));
    const series = await seedSeries(
      database,
      a.id,
      service.id,
      'requests_per_second',
      dailyCycle(Date.UTC(2026, 9, 1), 14 * 24),
    );
    const forecast = (horizon: string) =>
      app.request(`/v1/series/${series}/forecast?horizon=${horizon}`, { headers: bearer(a.tokens.read) });
    expect((await forecast('P1D')).headers.get('x-lastplan-cache')).toBe('miss');

    const held = heldUpload();
    const first = app.request('/v1/costs/imports?source=held', upload(a.tokens.finance, held.body));
    await held.started;
    // The one slot is taken: another import and an uncached forecast of tenant A are refused …
    const second = await app.request('/v1/costs/imports?source=second', upload(a.tokens.finance, csv));
    expect(second.status).toBe(429);
    expect(second.headers.get('retry-after')).toBe('1');
    expect(await second.json()).toMatchObject({ per: 'tenant-concurrency' });
    expect((await forecast('P2D')).status).toBe(429);
    // … a cached forecast is not expensive, and tenant B has its own slot.
    const cached = await forecast('P1D');
    expect(cached.status).toBe(200);
    expect(cached.headers.get('x-lastplan-cache')).toBe('hit');
    expect((await app.request('/v1/costs/imports?source=b', upload(b.tokens.finance, csv))).status).toBe(200);

    held.finish();
    expect((await first).status).toBe(200);
    // The slot is free again.
    expect((await app.request('/v1/costs/imports?source=third', upload(a.tokens.finance, csv))).status).toBe(
      200,
    );
    expect((await forecast('P2D')).status).toBe(200);
  });
});
