import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerSessionRoutes } from '../../src/http/routes/session.ts';
import { openTestDatabase, testBackends } from '../support/databases.ts';
import { bearer, seedTenant, type TestTenant, testApp } from '../support/test-app.ts';

// The routes are not registered in app.ts yet (the lead decides, together with reading the
// cookie in authenticate); this suite mounts them on a test app.
describe.each(testBackends())('POST and DELETE /v1/session on %s', (backend) => {
  let database: Awaited<ReturnType<typeof openTestDatabase>>;
  let tenant: TestTenant;
  let app: ReturnType<typeof testApp>['app'];

  beforeAll(async () => {
    database = await openTestDatabase(backend);
    tenant = await seedTenant(database, `session-${backend}`);
    app = testApp(database).app;
    registerSessionRoutes(app);
  });
  afterAll(async () => {
    await database.close();
  });

  it('exchanges a token for an HttpOnly, SameSite=Strict cookie that expires in 8 hours', async () => {
    const response = await app.request('/v1/session', {
      method: 'POST',
      headers: bearer(tenant.tokens.read),
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ expiresAt: '2026-11-23T20:00:00.000Z' });
    const cookie = response.headers.get('set-cookie') ?? '';
    expect(cookie).toBe(
      `lastplan_session=${tenant.tokens.read}; Path=/v1; HttpOnly; SameSite=Strict; Max-Age=28800`,
    );
    expect(response.headers.get('cache-control')).toBe('no-store');
  });

  it('marks the cookie Secure over https', async () => {
    const response = await app.request('https://planner.example/v1/session', {
      method: 'POST',
      headers: bearer(tenant.tokens.read),
    });
    expect(response.headers.get('set-cookie')).toMatch(/; Secure$/);
  });

  it('clears the cookie on sign-out', async () => {
    const response = await app.request('/v1/session', {
      method: 'DELETE',
      headers: bearer(tenant.tokens.read),
    });
    expect(response.status).toBe(204);
    expect(response.headers.get('set-cookie')).toBe(
      'lastplan_session=; Path=/v1; HttpOnly; SameSite=Strict; Max-Age=0',
    );
  });

  it.each([
    ['no token', {}, 401],
    ['a bad token', bearer('lp_not-a-token-at-all-0123456789abcdef'), 401],
    ['an ingest-only token', undefined, 403],
  ])('refuses %s', async (_name, headers, status) => {
    const response = await app.request('/v1/session', {
      method: 'POST',
      headers: headers ?? bearer(tenant.tokens.ingest),
    });
    expect(response.status).toBe(status);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    expect(response.headers.get('set-cookie')).toBeNull();
  });
});
