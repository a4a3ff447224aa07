import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { forecastDemand } from '../../src/plan-service/forecast-demand.ts';
import type { Database } from '../../src/store/database.ts';
import { CACHED_FORECASTS_PER_SERIES } from '../../src/store/forecast-cache-store.ts';
import { writeSamples } from '../../src/store/series-store.ts';
import { withTenant } from '../../src/store/with-tenant.ts';
import { openTestDatabase, testBackends } from '../support/databases.ts';
import { bearer, jsonRequest, seedTenant, type TestTenant, testApp } from '../support/test-app.ts';
import { appendSamples, countingCycle, dailyCycle, seedSeries } from './seed-series.ts';

const HOUR = 3_600_000;
const START = Date.parse('2026-10-26T00:00:00Z');
const WEEKS = 4;
const END = START + WEEKS * 7 * 24 * HOUR;

describe.each(testBackends())('forecasts on %s', (backend) => {
  let database: Database;
  let app: ReturnType<typeof testApp>['app'];
  let tenant: TestTenant;
  let other: TestTenant;
  let serviceId: string;
  let seriesId: string;
  let shortId: string;
  let otherSeriesId: string;
  let hiddenSeriesId: string;

  const service = async (t: TestTenant, key: string): Promise<string> =>
    (
      await (
        await app.request('/v1/services', jsonRequest('POST', t.tokens.admin, { key, name: key }))
      ).json()
    ).id;
  const get = (id: string, query = '', token = tenant.tokens.read) =>
    app.request(`/v1/series/${id}/forecast${query}`, { headers: bearer(token) });

  beforeAll(async () => {
    database = await openTestDatabase(backend);
    app = testApp(database).app;
    tenant = await seedTenant(database, 'musterstadt');
    other = await seedTenant(database, 'nachbarstadt');
    serviceId = await service(tenant, 'kfz');
    seriesId = await seedSeries(
      database,
      tenant.id,
      serviceId,
      'requests_per_second',
      dailyCycle(START, WEEKS * 168),
    );
    shortId = await seedSeries(database, tenant.id, serviceId, 'cpu_cores', dailyCycle(START, 10));
    const internal = await service(tenant, 'intern');
    hiddenSeriesId = await seedSeries(
      database,
      tenant.id,
      internal,
      'requests_per_second',
      dailyCycle(START, 168),
    );
    otherSeriesId = await seedSeries(
      database,
      other.id,
      await service(other, 'kfz'),
      'requests_per_second',
      dailyCycle(START, 168),
    );
  });
  afterAll(() => database?.close());

  describe('GET /v1/series/{id}/forecast', () => {
    it('forecasts the daily cycle with bands, components, explanation and backtest', async () => {
      const res = await get(seriesId, '?horizon=P2D&levels=95,80');
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^application\/json/);
      expect(res.headers.get('x-lastplan-cache')).toBe('miss');
      const body = await res.json();
      expect(body).toMatchObject({
        seriesId,
        metric: 'requests_per_second',
        unit: '1/s',
        horizon: 'P2D',
        levels: [80, 95],
        resolution: 'native',
        step: 'PT1H',
        dataUntil: new Date(END).toISOString(),
        generatedAt: '2026-11-23T12:00:00.000Z',
      });
      expect(body).not.toHaveProperty('tenantId');
      expect(body.timestamps).toHaveLength(48);
      expect(body.timestamps[0]).toBe(new Date(END).toISOString());
      expect(body.mean).toHaveLength(48);
      expect(body.bands.map((b: { level: number }) => b.level)).toEqual([80, 95]);
      for (const band of body.bands) {
        band.lower.forEach((lower: number, h: number) => {
          expect(lower).toBeLessThanOrEqual(body.mean[h] + 1e-9);
          expect(band.upper[h]).toBeGreaterThanOrEqual(body.mean[h] - 1e-9);
        });
      }
      // Monday 2026-11-23: the afternoon (13:00 UTC) is far busier than the night (02:00 UTC).
      expect(body.mean[13]).toBeGreaterThan(3 * body.mean[2]);
      expect(body.components.dailyProfile.length).toBeGreaterThan(0);
      expect(typeof body.explanation).toBe('string');
      expect(body.explanation.length).toBeGreaterThan(10);
      expect(body.backtest).toMatchObject({ mase: expect.any(Number) });
      expect(body.backtest.coverage.length).toBeGreaterThan(0);
    });

    it('defaults to P14D and levels 80, 95, 99', async () => {
      const body = await (await get(seriesId)).json();
      expect(body).toMatchObject({ horizon: 'P14D', levels: [80, 95, 99] });
      expect(body.mean).toHaveLength(14 * 24);
    });

    it('answers the same forecast from the cache until new samples arrive', async () => {
      const first = await get(seriesId, '?horizon=P1D&levels=80');
      const firstBody = await first.json();
      const second = await get(seriesId, '?horizon=P1D&levels=80');
      expect(second.headers.get('x-lastplan-cache')).toBe('hit');
      expect(await second.json()).toEqual(firstBody);
      // Another horizon or other levels are another entry.
      expect((await get(seriesId, '?horizon=P1D&levels=95')).headers.get('x-lastplan-cache')).toBe('miss');

      await appendSamples(database, tenant.id, seriesId, dailyCycle(END, 3));
      const third = await get(seriesId, '?horizon=P1D&levels=80');
      expect(third.headers.get('x-lastplan-cache')).toBe('miss');
      expect((await third.json()).dataUntil).toBe(new Date(END + 3 * HOUR).toISOString());
      expect((await get(seriesId, '?horizon=P1D&levels=80')).headers.get('x-lastplan-cache')).toBe('hit');

      // A replaced value inside a stored hour invalidates too.
      await appendSamples(database, tenant.id, seriesId, [{ ts: END, value: 1234 }]);
      expect((await get(seriesId, '?horizon=P1D&levels=80')).headers.get('x-lastplan-cache')).toBe('miss');
    });

    it('answers 304 to If-None-Match while the forecast is unchanged, and the new forecast after new samples', async () => {
      const id = await seedSeries(database, tenant.id, serviceId, 'etag', dailyCycle(START, 48));
      const first = await get(id, '?horizon=PT6H');
      const etag = first.headers.get('etag') ?? '';
      expect(etag).toMatch(/^"[0-9a-f]{32}"$/);
      expect(first.headers.get('cache-control')).toBe('private, no-cache');
      const body = await first.text();
      const again = await app.request(`/v1/series/${id}/forecast?horizon=PT6H`, {
        headers: { ...bearer(tenant.tokens.read), 'if-none-match': etag },
      });
      expect(again.status).toBe(304);
      expect(again.headers.get('etag')).toBe(etag);
      expect(again.headers.get('x-lastplan-cache')).toBe('hit');
      expect(await again.text()).toBe('');
      // Served from memory, byte for byte.
      const hit = await get(id, '?horizon=PT6H');
      expect(hit.headers.get('x-lastplan-cache')).toBe('hit');
      expect(await hit.text()).toBe(body);

      // A write that rolls back changes nothing; one that commits ends the 304s.
      await expect(
        withTenant(database, tenant.id, async (tx) => {
          await writeSamples(tx, tenant.id, id, dailyCycle(START + 48 * HOUR, 2));
          throw new Error('rolled back');
        }),
      ).rejects.toThrow('rolled back');
      expect((await get(id, '?horizon=PT6H')).headers.get('x-lastplan-cache')).toBe('hit');
      await appendSamples(database, tenant.id, id, dailyCycle(START + 48 * HOUR, 2));
      const changed = await app.request(`/v1/series/${id}/forecast?horizon=PT6H`, {
        headers: { ...bearer(tenant.tokens.read), 'if-none-match': etag },
      });
      expect(changed.status).toBe(200);
      expect(changed.headers.get('x-lastplan-cache')).toBe('miss');
      expect(changed.headers.get('etag')).not.toBe(etag);
      expect((await changed.json()).dataUntil).toBe(new Date(START + 50 * HOUR).toISOString());
    });

    it('answers gzip to a client that accepts it, the same JSON under its own ETag', async () => {
      const id = await seedSeries(database, tenant.id, serviceId, 'gzip', dailyCycle(START, 72));
      const plain = await get(id, '?horizon=P14D');
      const headers = { ...bearer(tenant.tokens.read), 'accept-encoding': 'gzip, deflate, br, zstd' };
      const zipped = await app.request(`/v1/series/${id}/forecast?horizon=P14D`, { headers });
      expect(zipped.status).toBe(200);
      expect(zipped.headers.get('content-encoding')).toBe('gzip');
      expect(zipped.headers.get('vary')).toContain('Accept-Encoding');
      const compressed = new Uint8Array(await zipped.arrayBuffer());
      const json = await plain.text();
      expect(compressed.byteLength).toBeLessThan(json.length / 4);
      expect(gunzipSync(compressed).toString('utf8')).toBe(json);
      const etag = zipped.headers.get('etag') ?? '';
      expect(etag).toMatch(/^"[0-9a-f]{32}-gzip"$/);
      expect(etag).not.toBe(plain.headers.get('etag'));
      const again = await app.request(`/v1/series/${id}/forecast?horizon=P14D`, {
        headers: { ...headers, 'if-none-match': etag },
      });
      expect(again.status).toBe(304);
      // Refused gzip (q=0) gets the plain body.
      const refused = await app.request(`/v1/series/${id}/forecast?horizon=P14D`, {
        headers: { ...bearer(tenant.tokens.read), 'accept-encoding': 'gzip;q=0, identity' },
      });
      expect(refused.headers.get('content-encoding')).toBeNull();
      expect(await refused.text()).toBe(json);
    });

    it('serves a memoised forecast to its own tenant only, and sees samples written through another instance', async () => {
      const id = await seedSeries(database, tenant.id, serviceId, 'memo_tenant', dailyCycle(START, 48));
      expect((await get(id, '?horizon=PT6H')).status).toBe(200);
      expect((await get(id, '?horizon=PT6H')).headers.get('x-lastplan-cache')).toBe('hit');
      const foreign = await get(id, '?horizon=PT6H', other.tokens.read);
      expect(foreign.status).toBe(404);
      expect(foreign.headers.get('content-type')).toBe('application/problem+json');
      // A second server on the same database ingests; the first one's memo must not outlive it.
      const second = testApp(database).app;
      const ingested = await second.request(
        '/v1/metrics',
        jsonRequest('POST', tenant.tokens.admin, {
          series: [
            {
              service: 'kfz',
              metric: 'memo_tenant',
              unit: '1/s',
              kind: 'gauge',
              points: [[START + 48 * HOUR, 3]],
            },
          ],
        }),
      );
      expect(ingested.status).toBe(200);
      const after = await get(id, '?horizon=PT6H');
      expect(after.headers.get('x-lastplan-cache')).toBe('miss');
      expect((await after.json()).dataUntil).toBe(new Date(START + 49 * HOUR).toISOString());
    });

    it(`keeps at most ${CACHED_FORECASTS_PER_SERIES} forecasts per series, the newest`, async () => {
      const id = await seedSeries(database, tenant.id, serviceId, 'cache_cap', dailyCycle(START, 48));
      const levels = Array.from({ length: CACHED_FORECASTS_PER_SERIES + 5 }, (_, i) => 60 + i);
      for (const level of levels) {
        expect((await get(id, `?horizon=PT1H&levels=${level}`)).headers.get('x-lastplan-cache')).toBe('miss');
      }
      const stored = await withTenant(database, tenant.id, (tx) =>
        tx.selectFrom('forecast_cache').select(['levels']).where('series_id', '=', id).execute(),
      );
      expect(stored).toHaveLength(CACHED_FORECASTS_PER_SERIES);
      expect(stored.map((row) => row.levels)).toContain(String(levels.at(-1)));
      expect((await get(id, `?horizon=PT1H&levels=${levels.at(-1)}`)).headers.get('x-lastplan-cache')).toBe(
        'hit',
      );
    });

    it('answers concurrent misses of one series, each with its forecast', async () => {
      const id = await seedSeries(database, tenant.id, serviceId, 'concurrent', dailyCycle(START, 48));
      const responses = await Promise.all(
        [70, 71, 72, 73, 74, 70].map((level) => get(id, `?horizon=PT2H&levels=${level}`)),
      );
      expect(responses.map((r) => r.status)).toEqual([200, 200, 200, 200, 200, 200]);
      const bodies = await Promise.all(responses.map((r) => r.json()));
      expect(bodies.map((b) => b.levels[0])).toEqual([70, 71, 72, 73, 74, 70]);
    });

    it('misses the cache when an event of the service is recorded', async () => {
      await get(seriesId, '?horizon=P3D&levels=80');
      expect((await get(seriesId, '?horizon=P3D&levels=80')).headers.get('x-lastplan-cache')).toBe('hit');
      const created = await app.request(
        '/v1/events',
        jsonRequest('POST', tenant.tokens.plan, {
          kind: 'campaign',
          name: 'Aktion Wunschkennzeichen',
          startsAt: '2026-11-24T08:00:00+01:00',
          endsAt: '2026-11-24T18:00:00+01:00',
          serviceIds: [serviceId],
          expectedUplift: '1.5',
        }),
      );
      expect(created.status).toBe(201);
      const res = await get(seriesId, '?horizon=P3D&levels=80');
      expect(res.headers.get('x-lastplan-cache')).toBe('miss');
      const body = await res.json();
      expect(body.components.events).toEqual([
        expect.objectContaining({
          name: 'Aktion Wunschkennzeichen',
          kind: 'campaign',
          source: 'expected',
          uplift: 1.5,
        }),
      ]);
      expect(body.explanation).toContain('Aktion Wunschkennzeichen');
    });

    it('misses the cache when an event is edited or deleted, and when the tenant moves', async () => {
      const id = await seedSeries(database, tenant.id, serviceId, 'memo_context', dailyCycle(START, 72));
      const created = await app.request(
        '/v1/events',
        jsonRequest('POST', tenant.tokens.plan, {
          kind: 'deadline',
          name: 'Frist Hundesteuer',
          startsAt: '2026-10-29T08:00:00+01:00',
          endsAt: '2026-10-29T18:00:00+01:00',
          serviceIds: [serviceId],
          expectedUplift: '0.5',
        }),
      );
      expect(created.status).toBe(201);
      const event = await created.json();
      const cacheOf = async () => (await get(id, '?horizon=P1D')).headers.get('x-lastplan-cache');
      await cacheOf();
      expect(await cacheOf()).toBe('hit');
      const edited = await app.request(
        `/v1/events/${event.id}`,
        jsonRequest('PATCH', tenant.tokens.plan, { expectedUplift: '2' }),
      );
      expect(edited.status).toBe(200);
      expect(await cacheOf()).toBe('miss');
      expect(await cacheOf()).toBe('hit');
      // Written behind the app's back, by another instance's transaction.
      await withTenant(database, tenant.id, (tx) =>
        tx
          .updateTable('events')
          .set({ name: 'Frist Hundesteuer (verlängert)' })
          .where('id', '=', event.id)
          .execute(),
      );
      expect(await cacheOf()).toBe('miss');
      expect(
        (
          await app.request(`/v1/events/${event.id}`, {
            method: 'DELETE',
            headers: bearer(tenant.tokens.plan),
          })
        ).status,
      ).toBe(204);
      expect(await cacheOf()).toBe('miss');
      await withTenant(database, tenant.id, (tx) =>
        tx.updateTable('tenants').set({ time_zone: 'Europe/Vienna' }).where('id', '=', tenant.id).execute(),
      );
      expect(await cacheOf()).toBe('miss');
      await withTenant(database, tenant.id, (tx) =>
        tx.updateTable('tenants').set({ time_zone: 'Europe/Berlin' }).where('id', '=', tenant.id).execute(),
      );
    });

    it('forecasts the rate of a counter, not its running total', async () => {
      const counterId = await seedSeries(
        database,
        tenant.id,
        serviceId,
        'http_requests_total',
        countingCycle(START, WEEKS * 168),
        'counter',
      );
      const res = await get(counterId, '?horizon=P1D&levels=80');
      expect(res.status).toBe(200);
      const body = await res.json();
      expect(body.unit).toBe('1/s');
      // Like the gauge of the same shape: from 1 (weekend nights) to about 10 per second.
      expect(Math.max(...body.mean)).toBeGreaterThan(6);
      expect(Math.max(...body.mean)).toBeLessThan(15);
      expect(Math.min(...body.mean)).toBeGreaterThan(0.8);
    });

    it('answers 401 without a token and 403 without the read scope', async () => {
      expect((await app.request(`/v1/series/${seriesId}/forecast`)).status).toBe(401);
      const res = await get(seriesId, '', tenant.tokens.ingest);
      expect(res.status).toBe(403);
      expect(res.headers.get('content-type')).toBe('application/problem+json');
    });

    it.each([
      ['another tenant', () => otherSeriesId],
      ['an unknown id', () => crypto.randomUUID()],
      ['no UUID', () => 'not-a-uuid'],
    ])('answers 404 for %s', async (_, id) => {
      const res = await get(id());
      expect(res.status).toBe(404);
      expect(res.headers.get('content-type')).toBe('application/problem+json');
    });

    it.each([
      ['?horizon=14d', '/query/horizon'],
      ['?horizon=P0D', '/query/horizon'],
      ['?horizon=PT30M', '/query/horizon'],
      ['?horizon=P367D', '/query/horizon'],
      ['?levels=40', '/query/levels'],
      ['?levels=80,abc', '/query/levels'],
      ['?levels=100', '/query/levels'],
      ['?levels=', '/query/levels'],
    ])('answers 400 for %s with pointer %s', async (query, pointer) => {
      const res = await get(seriesId, query);
      expect(res.status).toBe(400);
      expect(res.headers.get('content-type')).toBe('application/problem+json');
      const body = await res.json();
      expect(body.errors.map((e: { pointer: string }) => e.pointer)).toContain(pointer);
    });

    it('answers 422 insufficient-history for ten hours of samples', async () => {
      const res = await get(shortId);
      expect(res.status).toBe(422);
      expect(res.headers.get('content-type')).toBe('application/problem+json');
      const body = await res.json();
      expect(body.type).toMatch(/\/insufficient-history$/);
      expect(body.detail).toContain('10 hours');
    });

    it('lets an embed token forecast only the series of its services', async () => {
      const created = await app.request(
        '/v1/tokens',
        jsonRequest('POST', tenant.tokens.admin, {
          name: 'Intranet',
          kind: 'embed',
          resources: [`service:${serviceId}`],
          allowedOrigins: ['https://intranet.musterstadt.de'],
          expiresIn: '30d',
        }),
      );
      expect(created.status).toBe(201);
      const embed = (await created.json()).token;
      expect((await get(seriesId, '?horizon=P1D', embed)).status).toBe(200);
      expect((await get(hiddenSeriesId, '?horizon=P1D', embed)).status).toBe(404);
      const batch = await app.request(
        '/v1/forecasts',
        jsonRequest('POST', embed, { seriesIds: [seriesId, hiddenSeriesId], horizon: 'P1D' }),
      );
      expect((await batch.json()).items.map((i: { status: number }) => i.status)).toEqual([200, 404]);
    });
  });

  describe('POST /v1/forecasts', () => {
    it('answers one result or problem per series, in request order', async () => {
      const res = await app.request(
        '/v1/forecasts',
        jsonRequest('POST', tenant.tokens.read, {
          seriesIds: [seriesId, otherSeriesId, shortId, 'nope', hiddenSeriesId],
          horizon: 'PT12H',
          levels: [90],
        }),
      );
      expect(res.status).toBe(200);
      const body = await res.json();
      expect(body).toMatchObject({ forecasted: 2, failed: 3 });
      expect(body.items.map((i: { status: number }) => i.status)).toEqual([200, 404, 422, 404, 200]);
      expect(body.items[0].forecast).toMatchObject({ seriesId, horizon: 'PT12H', levels: [90] });
      expect(body.items[0].forecast.mean).toHaveLength(12);
      expect(body.items[2].problem.type).toMatch(/\/insufficient-history$/);
      expect(body.items[1]).not.toHaveProperty('forecast');
      const again = await (
        await app.request(
          '/v1/forecasts',
          jsonRequest('POST', tenant.tokens.read, { seriesIds: [seriesId], horizon: 'PT12H', levels: [90] }),
        )
      ).json();
      expect(again.items[0].cache).toBe('hit');
    });

    it.each([
      ['no ids', { seriesIds: [] }, '/seriesIds'],
      ['101 ids', { seriesIds: Array.from({ length: 101 }, () => crypto.randomUUID()) }, '/seriesIds'],
      ['a horizon past P366D', { seriesIds: ['x'], horizon: 'P500D' }, '/horizon'],
      ['a level below 50', { seriesIds: ['x'], levels: [80, 20] }, '/levels/1'],
      ['an unknown field', { seriesIds: ['x'], extra: 1 }, '/'],
    ])('answers 400 for %s at %s', async (_, body, pointer) => {
      const res = await app.request('/v1/forecasts', jsonRequest('POST', tenant.tokens.read, body));
      expect(res.status).toBe(400);
      const problem = await res.json();
      expect(problem.errors.map((e: { pointer: string }) => e.pointer)).toContain(pointer);
    });

    it('answers 401 without a token and 403 without the read scope', async () => {
      expect((await app.request('/v1/forecasts', { method: 'POST' })).status).toBe(401);
      const res = await app.request(
        '/v1/forecasts',
        jsonRequest('POST', tenant.tokens.ingest, { seriesIds: [seriesId] }),
      );
      expect(res.status).toBe(403);
    });
  });

  describe('plan demand', () => {
    it('comes from the same path as the API: a counter as its rate, the same numbers, 24 hours of history suffice', async () => {
      const planned = await service(tenant, 'plan-path');
      const counterId = await seedSeries(
        database,
        tenant.id,
        planned,
        'http_requests_total',
        countingCycle(START, WEEKS * 168),
        'counter',
      );
      const res = await get(counterId, '?horizon=P2D&levels=80,90,95');
      expect(res.status).toBe(200);
      const api = await res.json();
      const demand = await withTenant(database, tenant.id, (tx) =>
        forecastDemand(
          { tx, tenantId: tenant.id, clock: () => new Date(END) },
          {
            serviceId: planned,
            metric: 'http_requests_total',
            from: END,
            hours: 48,
            horizon: 'P2D',
            quantile: 0.95,
            events: [],
            pointer: '/serviceId',
          },
        ),
      );
      expect(demand.demand.p50).toEqual(api.mean);
      expect(demand.demand.planning).toEqual(api.bands.find((b: { level: number }) => b.level === 90).upper);
      expect(Math.max(...demand.demand.p50)).toBeLessThan(15);
      expect(demand.note.historyHours).toBe(api.historyHours);

      const young = await service(tenant, 'plan-young');
      await seedSeries(database, tenant.id, young, 'requests_per_second', dailyCycle(END - 30 * HOUR, 30));
      const ask = (hours: number) =>
        withTenant(database, tenant.id, (tx) =>
          forecastDemand(
            { tx, tenantId: tenant.id, clock: () => new Date(END) },
            {
              serviceId: young,
              metric: 'requests_per_second',
              from: END - (30 - hours) * HOUR,
              hours: 24,
              horizon: 'P1D',
              quantile: 0.95,
              events: [],
              pointer: '/serviceId',
            },
          ),
        );
      expect((await ask(30)).demand.p50).toHaveLength(24);
      await expect(ask(20)).rejects.toMatchObject({
        kind: 'insufficient-history',
        errors: [{ pointer: '/serviceId' }],
      });
    });
  });
});
