import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/store/database.ts';
import { openTestDatabase, testBackends } from '../support/databases.ts';
import { bearer, jsonRequest, seedTenant, type TestTenant, testApp } from '../support/test-app.ts';

describe.each(testBackends())('services on %s', (backend) => {
  let database: Database;
  let app: ReturnType<typeof testApp>['app'];
  let tenant: TestTenant;

  beforeAll(async () => {
    database = await openTestDatabase(backend);
    app = testApp(database).app;
    tenant = await seedTenant(database, 'musterstadt');
  });
  afterAll(() => database?.close());

  describe('POST /v1/services', () => {
    it('creates a service and answers 201 with its location', async () => {
      const res = await app.request(
        '/v1/services',
        jsonRequest('POST', tenant.tokens.admin, {
          key: 'kfz',
          name: 'Kfz-Zulassung',
          owner: 'Amt 32',
          tags: { team: 'a' },
        }),
      );
      expect(res.status).toBe(201);
      expect(res.headers.get('content-type')).toMatch(/^application\/json/);
      const body = await res.json();
      expect(body).toMatchObject({ key: 'kfz', name: 'Kfz-Zulassung', owner: 'Amt 32', tags: { team: 'a' } });
      expect(res.headers.get('location')).toBe(`/v1/services/${body.id}`);
      expect(body).not.toHaveProperty('tenantId');
    });

    it('answers 409 for a key that is taken', async () => {
      const res = await app.request(
        '/v1/services',
        jsonRequest('POST', tenant.tokens.admin, { key: 'kfz', name: 'x' }),
      );
      expect(res.status).toBe(409);
      expect(res.headers.get('content-type')).toBe('application/problem+json');
    });

    it('answers 400 with pointers for invalid fields and unknown ones', async () => {
      const res = await app.request(
        '/v1/services',
        jsonRequest('POST', tenant.tokens.admin, { key: '-bad', name: '', extra: 1 }),
      );
      expect(res.status).toBe(400);
      const problem = await res.json();
      expect(problem.type).toBe('https://lastplan.de/problems/validation');
      expect(problem.status).toBe(400);
      expect(problem.errors.map((e: { pointer: string }) => e.pointer)).toEqual(
        expect.arrayContaining(['/key', '/name']),
      );
    });

    it('answers 400 for malformed JSON and 415 for another content type', async () => {
      const malformed = await app.request('/v1/services', {
        method: 'POST',
        headers: bearer(tenant.tokens.admin, { 'content-type': 'application/json' }),
        body: '{"key":',
      });
      expect(malformed.status).toBe(400);
      expect((await malformed.json()).detail).toBe('the body is not valid JSON');
      const text = await app.request('/v1/services', {
        method: 'POST',
        headers: bearer(tenant.tokens.admin, { 'content-type': 'text/plain' }),
        body: 'key=kfz',
      });
      expect(text.status).toBe(415);
      expect(text.headers.get('content-type')).toBe('application/problem+json');
    });

    it('answers 403 for a token without the admin scope', async () => {
      const res = await app.request(
        '/v1/services',
        jsonRequest('POST', tenant.tokens.read, { key: 'x', name: 'x' }),
      );
      expect(res.status).toBe(403);
      expect((await res.json()).requiredScope).toBe('admin');
    });
  });

  describe('GET /v1/services', () => {
    it('lists a page at a time with a cursor', async () => {
      for (const key of ['a1', 'a2', 'a3']) {
        await app.request('/v1/services', jsonRequest('POST', tenant.tokens.admin, { key, name: key }));
      }
      const first = await app.request('/v1/services?limit=2', { headers: bearer(tenant.tokens.read) });
      expect(first.status).toBe(200);
      const page1 = await first.json();
      expect(page1.items.map((s: { key: string }) => s.key)).toEqual(['a1', 'a2']);
      const second = await app.request(`/v1/services?limit=2&cursor=${page1.nextCursor}`, {
        headers: bearer(tenant.tokens.read),
      });
      const page2 = await second.json();
      expect(page2.items.map((s: { key: string }) => s.key)).toEqual(['a3', 'kfz']);
      expect(page2.nextCursor).toBeUndefined();
    });

    it.each([['0'], ['1001'], ['abc']])('answers 400 for limit=%s', async (limit) => {
      const res = await app.request(`/v1/services?limit=${limit}`, { headers: bearer(tenant.tokens.read) });
      expect(res.status).toBe(400);
      expect((await res.json()).errors[0].pointer).toBe('/query/limit');
    });

    it('answers 401 without a token and with a bad one', async () => {
      const none = await app.request('/v1/services');
      expect(none.status).toBe(401);
      expect(none.headers.get('www-authenticate')).toBe('Bearer');
      const bad = await app.request('/v1/services', {
        headers: bearer('lp_not-a-real-token-but-long-enough-000'),
      });
      expect(bad.status).toBe(401);
    });
  });

  describe('GET, PATCH, DELETE /v1/services/{id}', () => {
    it('reads, changes and deletes one service', async () => {
      const created = await (
        await app.request(
          '/v1/services',
          jsonRequest('POST', tenant.tokens.admin, { key: 'hund', name: 'Hundesteuer' }),
        )
      ).json();
      const got = await app.request(`/v1/services/${created.id}`, { headers: bearer(tenant.tokens.read) });
      expect(got.status).toBe(200);
      expect(await got.json()).toMatchObject({ key: 'hund', series: [] });
      const patched = await app.request(
        `/v1/services/${created.id}`,
        jsonRequest('PATCH', tenant.tokens.admin, { owner: 'Steueramt' }),
      );
      expect(await patched.json()).toMatchObject({ owner: 'Steueramt', name: 'Hundesteuer' });
      const deleted = await app.request(`/v1/services/${created.id}`, {
        method: 'DELETE',
        headers: bearer(tenant.tokens.admin),
      });
      expect(deleted.status).toBe(204);
      const gone = await app.request(`/v1/services/${created.id}`, { headers: bearer(tenant.tokens.read) });
      expect(gone.status).toBe(404);
    });

    it('answers 404 for ids that are not UUIDs', async () => {
      const res = await app.request('/v1/services/not-a-uuid', { headers: bearer(tenant.tokens.read) });
      expect(res.status).toBe(404);
      expect(res.headers.get('content-type')).toBe('application/problem+json');
    });
  });
});
