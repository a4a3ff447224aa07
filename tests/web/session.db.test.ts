import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, testBackends } from '../support/databases.ts';
import { bearer, seedTenant, type TestTenant, testApp } from '../support/test-app.ts';

describe.each(testBackends())('POST and DELETE /v1/session on %s', (backend) => {
  let database: Awaited<ReturnType<typeof openTestDatabase>>;
  let tenant: TestTenant;
  let app: ReturnType<typeof testApp>['app'];

  beforeAll(async () => {
    database = await openTestDatabase(backend);
    tenant = await seedTenant(database, `session-${backend}`);
    app = testApp(database).app;
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

  it('authenticates requests by the cookie alone, and refuses a cookie with a bad token', async () => {
    const signedIn = await app.request('/v1/tenant', {
      headers: { cookie: `lastplan_session=${tenant.tokens.read}` },
    });
    expect(signedIn.status).toBe(200);
    const forged = await app.request('/v1/tenant', {
      headers: { cookie: 'lastplan_session=lp_forged-token-of-sufficient-length-0000' },
    });
    expect(forged.status).toBe(401);
    const noScope = await app.request('/v1/tokens', {
      headers: { cookie: `lastplan_session=${tenant.tokens.read}` },
    });
    expect(noScope.status).toBe(403);
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
