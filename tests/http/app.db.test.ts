import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createLogger } from '../../src/logger.ts';
import type { Database } from '../../src/store/database.ts';
import { revokeToken } from '../../src/store/token-store.ts';
import { withTenant } from '../../src/store/with-tenant.ts';
import { issueToken } from '../../src/tenancy-service/issue-token.ts';
import { TOKEN_RECHECK_MS } from '../../src/tenancy-service/token-principals.ts';
import { openTestDatabase, testBackends } from '../support/databases.ts';
import { bearer, jsonRequest, seedTenant, type TestTenant, testApp } from '../support/test-app.ts';

describe.each(testBackends())('the app on %s', (backend) => {
  let database: Database;
  let app: ReturnType<typeof testApp>['app'];
  let tenant: TestTenant;
  const logLines: string[] = [];

  beforeAll(async () => {
    database = await openTestDatabase(backend);
    app = testApp(database, { logger: createLogger('info', (line) => logLines.push(line)) }).app;
    tenant = await seedTenant(database, 'app-test');
  });
  afterAll(() => database?.close());

  describe('GET /healthz and /readyz', () => {
    it('answer 200 while the database answers', async () => {
      const health = await app.request('/healthz');
      expect(health.status).toBe(200);
      expect(await health.json()).toEqual({ status: 'ok', version: 'test' });
      expect((await app.request('/readyz')).status).toBe(200);
    });
  });

  describe('GET /openapi.json', () => {
    it('describes the API with its bearer scheme', async () => {
      const res = await app.request('/openapi.json');
      expect(res.status).toBe(200);
      const doc = await res.json();
      expect(doc.openapi).toBe('3.1.0');
      expect(doc.components.securitySchemes.bearerAuth).toMatchObject({ type: 'http', scheme: 'bearer' });
      expect(Object.keys(doc.paths)).toEqual(
        expect.arrayContaining(['/v1/services', '/v1/services/{id}', '/v1/tokens']),
      );
    });
  });

  describe('errors', () => {
    it('answers an unknown route with a 404 problem, never HTML', async () => {
      const res = await app.request('/v1/nothing-here', { headers: bearer(tenant.tokens.read) });
      expect(res.status).toBe(404);
      expect(res.headers.get('content-type')).toBe('application/problem+json');
      expect(await res.json()).toMatchObject({
        type: 'https://lastplan.de/problems/not-found',
        title: 'Not found',
        status: 404,
        detail: 'no route for GET /v1/nothing-here',
      });
    });

    it('answers an oversized body with 413 before reading it', async () => {
      const res = await app.request('/v1/services', {
        method: 'POST',
        headers: bearer(tenant.tokens.admin, { 'content-type': 'application/json' }),
        body: JSON.stringify({ key: 'x', name: 'x', description: 'y'.repeat(2 * 1024 * 1024) }),
      });
      expect(res.status).toBe(413);
      expect(res.headers.get('content-type')).toBe('application/problem+json');
    });

    it('gives the request id in the header, the problem instance and the log line', async () => {
      const res = await app.request('/v1/services/00000000-0000-0000-0000-000000000000', {
        headers: bearer(tenant.tokens.read, { 'x-request-id': 'trace-42' }),
      });
      expect(res.headers.get('x-request-id')).toBe('trace-42');
      expect((await res.json()).instance).toBe('urn:lastplan:request:trace-42');
      const line = logLines.map((l) => JSON.parse(l)).find((l) => l.requestId === 'trace-42');
      expect(line).toMatchObject({ level: 'info', msg: 'request', status: 404, tenant: tenant.id });
    });

    it('keeps stack traces and SQL out of every problem', async () => {
      for (const body of ['{"key":1}', '[]', 'null', '{"key":"a","name":"b","tags":{"x":5}}']) {
        const res = await app.request('/v1/services', {
          method: 'POST',
          headers: bearer(tenant.tokens.admin, { 'content-type': 'application/json' }),
          body,
        });
        expect(res.status).toBe(400);
        const text = await res.text();
        expect(text).not.toMatch(/at .*\.ts:\d+|select |insert into|node_modules/i);
      }
    });

    it('answers 503 from /readyz when the database is gone', async () => {
      const gone = await openTestDatabase(backend);
      const broken = testApp(gone).app;
      await gone.close();
      const res = await broken.request('/readyz');
      expect(res.status).toBe(503);
      expect(await res.json()).toMatchObject({
        type: 'https://lastplan.de/problems/database-unavailable',
        status: 503,
      });
    });
  });

  describe('security headers', () => {
    it('forbid framing and sniffing by default', async () => {
      const res = await app.request('/healthz');
      expect(res.headers.get('content-security-policy')).toBe("frame-ancestors 'none'");
      expect(res.headers.get('x-frame-options')).toBe('DENY');
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    });
  });

  describe('embed tokens', () => {
    let serviceId: string;
    let otherServiceId: string;
    let embed: string;

    beforeAll(async () => {
      const mk = async (key: string) =>
        (
          await (
            await app.request('/v1/services', jsonRequest('POST', tenant.tokens.admin, { key, name: key }))
          ).json()
        ).id;
      serviceId = await mk('eingebettet');
      otherServiceId = await mk('intern');
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
      const body = await created.json();
      expect(body).toMatchObject({ kind: 'embed', scopes: ['read'], expiresAt: '2026-12-23T12:00:00.000Z' });
      embed = body.token;
    });

    it('read their own resource from an allowed origin, with CORS for that origin', async () => {
      const res = await app.request(`/v1/services/${serviceId}`, {
        headers: bearer(embed, { origin: 'https://intranet.musterstadt.de' }),
      });
      expect(res.status).toBe(200);
      expect(res.headers.get('access-control-allow-origin')).toBe('https://intranet.musterstadt.de');
    });

    it('see only their resources in lists and get 404 for others', async () => {
      const list = await (await app.request('/v1/services', { headers: bearer(embed) })).json();
      expect(list.items.map((s: { id: string }) => s.id)).toEqual([serviceId]);
      expect((await app.request(`/v1/services/${otherServiceId}`, { headers: bearer(embed) })).status).toBe(
        404,
      );
    });

    it('are refused from a foreign origin and for anything but reading', async () => {
      const foreign = await app.request(`/v1/services/${serviceId}`, {
        headers: bearer(embed, { origin: 'https://evil.example' }),
      });
      expect(foreign.status).toBe(403);
      // The page may read why (the problem holds no data): the token is not for it.
      expect(foreign.headers.get('access-control-allow-origin')).toBe('https://evil.example');
      expect(await foreign.json()).toMatchObject({
        type: 'https://lastplan.de/problems/origin-not-allowed',
        detail: 'this embed token may not be used from https://evil.example',
      });
      const write = await app.request('/v1/services', jsonRequest('POST', embed, { key: 'x', name: 'x' }));
      expect(write.status).toBe(403);
    });

    it('answer CORS preflights from any origin, never with credentials (the real request decides)', async () => {
      const ok = await app.request(`/v1/services/${serviceId}`, {
        method: 'OPTIONS',
        headers: { origin: 'https://intranet.musterstadt.de', 'access-control-request-method': 'GET' },
      });
      expect(ok.status).toBe(204);
      expect(ok.headers.get('access-control-allow-origin')).toBe('https://intranet.musterstadt.de');
      const other = await app.request(`/v1/services/${serviceId}`, {
        method: 'OPTIONS',
        headers: { origin: 'https://evil.example', 'access-control-request-method': 'GET' },
      });
      expect(other.headers.get('access-control-allow-origin')).toBe('https://evil.example');
      expect(other.headers.get('access-control-allow-credentials')).toBeNull();
    });

    it.each([
      [{ name: 'x', kind: 'embed', allowedOrigins: ['https://a.de'] }, '/resources'],
      [
        {
          name: 'x',
          kind: 'embed',
          resources: ['service:00000000-0000-0000-0000-000000000000'],
          allowedOrigins: ['https://a.de'],
        },
        '/resources/0',
      ],
      [
        { name: 'x', kind: 'embed', resources: ['service:00000000-0000-0000-0000-000000000000'] },
        '/allowedOrigins',
      ],
      [{ name: 'x', kind: 'embed', scopes: ['admin'], resources: [], allowedOrigins: [] }, '/scopes'],
      [{ name: 'x', kind: 'api' }, '/scopes'],
      [{ name: 'x', scopes: ['read'], expiresIn: 'bald' }, '/expiresIn'],
      [{ name: 'x', scopes: ['root'] }, '/scopes/0'],
      [
        { name: 'x', kind: 'embed', resources: ['service:1'], allowedOrigins: ['https://a.de/path'] },
        '/resources/0',
      ],
    ])('refuse an invalid token request %j at %s', async (body, pointer) => {
      const res = await app.request('/v1/tokens', jsonRequest('POST', tenant.tokens.admin, body));
      expect(res.status).toBe(400);
      const problem = await res.json();
      expect(problem.errors.map((e: { pointer: string }) => e.pointer)).toContain(pointer);
    });
  });

  describe('tokens', () => {
    it('are listed without secrets, and a revoked one stops working at once', async () => {
      const created = await (
        await app.request(
          '/v1/tokens',
          jsonRequest('POST', tenant.tokens.admin, { name: 'kurz', scopes: ['read'] }),
        )
      ).json();
      expect((await app.request('/v1/tenant', { headers: bearer(created.token) })).status).toBe(200);
      const list = await (await app.request('/v1/tokens', { headers: bearer(tenant.tokens.admin) })).json();
      expect(JSON.stringify(list)).not.toContain(created.token);
      expect(list.items.find((t: { id: string }) => t.id === created.id)).toMatchObject({
        name: 'kurz',
        revokedAt: null,
      });
      const revoked = await app.request(`/v1/tokens/${created.id}/revoke`, {
        method: 'POST',
        headers: bearer(tenant.tokens.admin),
      });
      expect(revoked.status).toBe(200);
      expect((await revoked.json()).revokedAt).toBe('2026-11-23T12:00:00.000Z');
      expect((await app.request('/v1/tenant', { headers: bearer(created.token) })).status).toBe(401);
    });

    it('stop at once in every app of the process, and within the recheck time when revoked elsewhere', async () => {
      const issue = async (name: string) =>
        (
          await app.request(
            '/v1/tokens',
            jsonRequest('POST', tenant.tokens.admin, { name, scopes: ['read'] }),
          )
        ).json();
      const other = testApp(database).app;
      const first = await issue('zweite-instanz');
      expect((await other.request('/v1/tenant', { headers: bearer(first.token) })).status).toBe(200);
      await app.request(`/v1/tokens/${first.id}/revoke`, {
        method: 'POST',
        headers: bearer(tenant.tokens.admin),
      });
      expect((await other.request('/v1/tenant', { headers: bearer(first.token) })).status).toBe(401);

      // Revoked behind the app's back (another server instance, the CLI of another process).
      vi.useFakeTimers({ toFake: ['performance'] });
      try {
        const second = await issue('anderswo');
        expect((await app.request('/v1/tenant', { headers: bearer(second.token) })).status).toBe(200);
        await withTenant(database, tenant.id, (tx) => revokeToken(tx, second.id, new Date()));
        vi.advanceTimersByTime(TOKEN_RECHECK_MS - 1);
        expect((await app.request('/v1/tenant', { headers: bearer(second.token) })).status).toBe(200);
        vi.advanceTimersByTime(1);
        expect((await app.request('/v1/tenant', { headers: bearer(second.token) })).status).toBe(401);
      } finally {
        vi.useRealTimers();
      }
    });

    it('stop when they expire, whatever the recheck time', async () => {
      const now = new Date('2026-11-23T12:00:00Z');
      let at = now;
      const timed = testApp(database, { clock: () => at }).app;
      const token = await issueToken(database, tenant.id, {
        id: crypto.randomUUID(),
        name: 'bald-abgelaufen',
        scopes: ['read'],
        expiresAt: new Date(now.getTime() + 60_000),
      });
      expect((await timed.request('/v1/tenant', { headers: bearer(token.secret) })).status).toBe(200);
      at = new Date(now.getTime() + 60_000);
      expect((await timed.request('/v1/tenant', { headers: bearer(token.secret) })).status).toBe(401);
    });
  });

  describe('events', () => {
    it('are recorded, listed by range, read and deleted', async () => {
      const created = await app.request(
        '/v1/events',
        jsonRequest('POST', tenant.tokens.plan, {
          kind: 'deadline',
          name: 'Abgabefrist Grundsteuer',
          startsAt: '2027-01-31T00:00:00+01:00',
          endsAt: '2027-01-31T23:59:59+01:00',
          expectedUplift: '0.8',
        }),
      );
      expect(created.status).toBe(201);
      const event = await created.json();
      expect(event).toMatchObject({
        kind: 'deadline',
        startsAt: '2027-01-30T23:00:00.000Z',
        expectedUplift: '0.8',
      });
      const inRange = await (
        await app.request('/v1/events?from=2027-01-01T00:00:00Z&to=2027-02-01T00:00:00Z', {
          headers: bearer(tenant.tokens.read),
        })
      ).json();
      expect(inRange.items.map((e: { id: string }) => e.id)).toContain(event.id);
      const outOfRange = await (
        await app.request('/v1/events?to=2026-01-01T00:00:00Z', { headers: bearer(tenant.tokens.read) })
      ).json();
      expect(outOfRange.items).toEqual([]);
      expect(
        (await app.request(`/v1/events/${event.id}`, { headers: bearer(tenant.tokens.read) })).status,
      ).toBe(200);
      expect(
        (
          await app.request(`/v1/events/${event.id}`, {
            method: 'DELETE',
            headers: bearer(tenant.tokens.plan),
          })
        ).status,
      ).toBe(204);
      expect(
        (await app.request(`/v1/events/${event.id}`, { headers: bearer(tenant.tokens.read) })).status,
      ).toBe(404);
    });

    it.each([
      [
        { kind: 'party', name: 'x', startsAt: '2027-01-01T00:00:00Z', endsAt: '2027-01-02T00:00:00Z' },
        '/kind',
      ],
      [{ kind: 'custom', name: 'x', startsAt: 'morgen', endsAt: '2027-01-02T00:00:00Z' }, '/startsAt'],
      [
        { kind: 'custom', name: 'x', startsAt: '2027-01-03T00:00:00Z', endsAt: '2027-01-02T00:00:00Z' },
        '/endsAt',
      ],
      [
        {
          kind: 'custom',
          name: 'x',
          startsAt: '2027-01-01T00:00:00Z',
          endsAt: '2027-01-02T00:00:00Z',
          expectedUplift: 'viel',
        },
        '/expectedUplift',
      ],
      [
        {
          kind: 'custom',
          name: 'x',
          startsAt: '2027-01-01T00:00:00Z',
          endsAt: '2027-01-02T00:00:00Z',
          serviceIds: ['00000000-0000-4000-8000-000000000000'],
        },
        '/serviceIds/0',
      ],
    ])('refuse %j at %s', async (body, pointer) => {
      const res = await app.request('/v1/events', jsonRequest('POST', tenant.tokens.plan, body));
      expect(res.status).toBe(400);
      expect((await res.json()).errors.map((e: { pointer: string }) => e.pointer)).toContain(pointer);
    });
  });
});
