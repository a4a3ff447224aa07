import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueToken } from '../../src/tenancy-service/issue-token.ts';
import { openTestDatabase, testBackends } from '../support/databases.ts';
import { bearer, seedTenant, type TestTenant, testApp, testNow } from '../support/test-app.ts';

const MINUTE = 60_000;

/** The cookie's value from a Set-Cookie header. */
function sessionOf(response: Response): string {
  const match = /^lastplan_session=([^;]*);/.exec(response.headers.get('set-cookie') ?? '');
  if (!match?.[1]) throw new Error(`no session cookie in ${response.headers.get('set-cookie')}`);
  return match[1];
}

const own = { origin: 'http://localhost', 'sec-fetch-site': 'same-origin' };

const grant = {
  programme: 'Digitalisierung Kommunal',
  funder: 'Freistaat Bayern',
  referenceNumber: 'DK-1',
  amount: '1000.00',
  period: { start: '2026-01-01', end: '2026-12-31' },
  eligibleServiceIds: [],
  coFundingRate: '0.8',
};

describe.each(testBackends())('sessions on %s', (backend) => {
  let database: Awaited<ReturnType<typeof openTestDatabase>>;
  let tenant: TestTenant;
  let now = testNow;
  let app: ReturnType<typeof testApp>['app'];

  async function signIn(token: string, headers: Record<string, string> = {}): Promise<string> {
    const response = await app.request('/v1/session', { method: 'POST', headers: bearer(token, headers) });
    expect(response.status).toBe(200);
    return sessionOf(response);
  }
  const read = (cookie: string, path = '/v1/services') =>
    app.request(path, { headers: { cookie: `lastplan_session=${cookie}` } });

  beforeAll(async () => {
    database = await openTestDatabase(backend);
    tenant = await seedTenant(database, `session-${backend}`);
    app = testApp(database, { clock: () => now }).app;
  });
  afterAll(async () => {
    await database.close();
  });

  it('exchanges a token for a random session secret in an HttpOnly, SameSite=Strict cookie, never the token', async () => {
    now = testNow;
    const response = await app.request('/v1/session', {
      method: 'POST',
      headers: bearer(tenant.tokens.read),
    });
    expect(response.status).toBe(200);
    const cookie = response.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(
      /^lastplan_session=ls_[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; SameSite=Strict; Max-Age=28800$/,
    );
    expect(cookie).not.toContain(tenant.tokens.read);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(await response.json()).toEqual({
      tenant: { id: tenant.id, slug: tenant.slug, name: `Test ${tenant.slug}` },
      actor: { kind: 'token', id: expect.any(String), name: 'read token' },
      roles: ['viewer'],
      via: 'session',
      session: { expiresAt: '2026-11-23T20:00:00.000Z', idleExpiresAt: '2026-11-23T12:30:00.000Z' },
    });
    // The session is a row: only the secret's hash is stored.
    const secret = sessionOf(response);
    const rows = await database.db.selectFrom('sessions').select(['secret_hash', 'roles']).execute();
    expect(rows.some((row) => row.secret_hash === secret)).toBe(false);
    expect(rows.length).toBeGreaterThan(0);
  });

  it('authenticates by the cookie alone, and refuses a forged cookie and a missing role with the role named', async () => {
    now = testNow;
    const cookie = await signIn(tenant.tokens.read);
    expect((await read(cookie, '/v1/tenant')).status).toBe(200);
    const forged = await read('ls_forged-session-of-sufficient-length-000000000');
    expect(forged.status).toBe(401);
    expect(forged.headers.get('content-type')).toBe('application/problem+json');
    // The token itself is no longer a valid cookie.
    expect((await read(tenant.tokens.read)).status).toBe(401);
    const noRole = await read(cookie, '/v1/tokens');
    expect(noRole.status).toBe(403);
    const problem = (await noRole.json()) as { detail: string; requiredRole: string };
    expect(problem.requiredRole).toBe('admin');
    expect(problem.detail).toBe('this token lacks the role "admin" that GET /v1/tokens needs');
  });

  it('finds the session beside the cookie of earlier versions (the token itself, at Path=/v1, sent first)', async () => {
    now = testNow;
    const cookie = await signIn(tenant.tokens.read);
    const both = await app.request('/v1/tenant', {
      headers: { cookie: `lastplan_session=${tenant.tokens.read}; lastplan_session=${cookie}` },
    });
    expect(both.status).toBe(200);
    const oldOnly = await app.request('/v1/tenant', {
      headers: { cookie: `lastplan_session=${tenant.tokens.read}` },
    });
    expect(oldOnly.status).toBe(401);
  });

  it('ends the session on sign-out: the same cookie then gets 401', async () => {
    now = testNow;
    const cookie = await signIn(tenant.tokens.admin);
    expect((await read(cookie)).status).toBe(200);
    const out = await app.request('/v1/session', {
      method: 'DELETE',
      headers: { cookie: `lastplan_session=${cookie}`, ...own },
    });
    expect(out.status).toBe(204);
    expect(out.headers.get('set-cookie')).toBe(
      'lastplan_session=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0',
    );
    const after = await read(cookie);
    expect(after.status).toBe(401);
    expect(((await after.json()) as { detail: string }).detail).toContain('session has ended');
  });

  it('rotates on sign-in: signing in again with an old cookie revokes the old session', async () => {
    now = testNow;
    const first = await signIn(tenant.tokens.read);
    const second = await signIn(tenant.tokens.read, { cookie: `lastplan_session=${first}` });
    expect(second).not.toBe(first);
    expect((await read(first)).status).toBe(401);
    expect((await read(second)).status).toBe(200);
  });

  it('ends after 30 idle minutes, stays while used, and ends after 8 hours however busy', async () => {
    now = testNow;
    const cookie = await signIn(tenant.tokens.read);
    const idle = await signIn(tenant.tokens.read);
    for (let minutes = 25; minutes <= 8 * 60 - 5; minutes += 25) {
      now = new Date(testNow.getTime() + minutes * MINUTE);
      expect((await read(cookie)).status, `after ${minutes} minutes`).toBe(200);
    }
    now = new Date(testNow.getTime() + 8 * 60 * MINUTE);
    expect((await read(cookie)).status).toBe(401);
    expect((await read(idle)).status).toBe(401);
    now = testNow;
    const short = await signIn(tenant.tokens.read);
    now = new Date(testNow.getTime() + 29 * MINUTE);
    expect((await read(short)).status).toBe(200);
    now = new Date(testNow.getTime() + 29 * MINUTE + 31 * MINUTE);
    expect((await read(short)).status).toBe(401);
  });

  it('ends when the token it was exchanged from is revoked', async () => {
    now = testNow;
    const issued = await issueToken(database, tenant.id, {
      id: crypto.randomUUID(),
      name: 'kurzlebig',
      scopes: ['read'],
      expiresAt: null,
    });
    const cookie = await signIn(issued.secret);
    expect((await read(cookie)).status).toBe(200);
    const revoked = await app.request(`/v1/tokens/${issued.info.id}/revoke`, {
      method: 'POST',
      headers: bearer(tenant.tokens.admin),
    });
    expect(revoked.status).toBe(200);
    expect((await read(cookie)).status).toBe(401);
  });

  describe('writes signed in by the cookie', () => {
    const post = (cookie: string, headers: Record<string, string>) =>
      app.request('/v1/grants', {
        method: 'POST',
        headers: { cookie: `lastplan_session=${cookie}`, 'content-type': 'application/json', ...headers },
        body: JSON.stringify(grant),
      });

    it.each([
      ['another site', { origin: 'http://evil.example', 'sec-fetch-site': 'cross-site' }],
      ['a page of the same site', { origin: 'http://evil.stadt.example', 'sec-fetch-site': 'same-site' }],
      ['Sec-Fetch-Site same-site alone', { 'sec-fetch-site': 'same-site' }],
      ['a foreign Origin alone', { origin: 'http://intranet.stadt.example' }],
      ['neither Origin nor Sec-Fetch-Site', {}],
    ])('are refused from %s with 403 problem+json', async (_name, headers) => {
      now = testNow;
      const cookie = await signIn(tenant.tokens.finance);
      const response = await post(cookie, headers);
      expect(response.status).toBe(403);
      expect(response.headers.get('content-type')).toBe('application/problem+json');
      expect(((await response.json()) as { detail: string }).detail).toContain("this app's own page");
    });

    it('are accepted from the own page', async () => {
      now = testNow;
      const cookie = await signIn(tenant.tokens.finance);
      expect((await post(cookie, own)).status).toBe(201);
      expect((await post(cookie, { origin: 'http://localhost' })).status).toBe(201);
      expect((await post(cookie, { 'sec-fetch-site': 'same-origin' })).status).toBe(201);
    });

    it('accept the public URL as the own origin behind a proxy', async () => {
      now = testNow;
      const proxied = testApp(database, { clock: () => now, publicUrl: 'https://planer.stadt.example' }).app;
      const signedIn = await proxied.request('/v1/session', {
        method: 'POST',
        headers: bearer(tenant.tokens.finance),
      });
      expect(signedIn.headers.get('set-cookie')).toMatch(/; Secure$/);
      const response = await proxied.request('/v1/grants', {
        method: 'POST',
        headers: {
          cookie: `lastplan_session=${sessionOf(signedIn)}`,
          'content-type': 'application/json',
          origin: 'https://planer.stadt.example',
          'sec-fetch-site': 'same-origin',
        },
        body: JSON.stringify(grant),
      });
      expect(response.status).toBe(201);
    });

    it('leave token requests alone: a bearer token from any origin writes as before', async () => {
      const response = await app.request('/v1/grants', {
        method: 'POST',
        headers: bearer(tenant.tokens.finance, {
          'content-type': 'application/json',
          origin: 'http://evil.stadt.example',
          'sec-fetch-site': 'same-site',
        }),
        body: JSON.stringify(grant),
      });
      expect(response.status).toBe(201);
    });
  });

  it('lets an admin see live sessions and end one at once', async () => {
    now = testNow;
    const cookie = await signIn(tenant.tokens.plan);
    const listed = await app.request('/v1/sessions', { headers: bearer(tenant.tokens.admin) });
    expect(listed.status).toBe(200);
    const items = (
      (await listed.json()) as { items: { id: string; actor: { name: string }; roles: string[] }[] }
    ).items;
    const mine = items.find((item) => item.actor.name === 'plan token');
    expect(mine).toMatchObject({ roles: ['planner'], expiresAt: '2026-11-23T20:00:00.000Z' });
    expect(JSON.stringify(items)).not.toContain(cookie);
    const id = mine?.id as string;
    const other = await seedTenant(database, `session-other-${backend}`);
    const foreign = await app.request(`/v1/sessions/${id}/revoke`, {
      method: 'POST',
      headers: bearer(other.tokens.admin),
    });
    expect(foreign.status).toBe(404);
    expect((await read(cookie)).status).toBe(200);
    const notAdmin = await app.request(`/v1/sessions/${id}/revoke`, {
      method: 'POST',
      headers: bearer(tenant.tokens.plan),
    });
    expect(notAdmin.status).toBe(403);
    const ended = await app.request(`/v1/sessions/${id}/revoke`, {
      method: 'POST',
      headers: bearer(tenant.tokens.admin),
    });
    expect(ended.status).toBe(204);
    expect((await read(cookie)).status).toBe(401);
    const again = await app.request(`/v1/sessions/${id}/revoke`, {
      method: 'POST',
      headers: bearer(tenant.tokens.admin),
    });
    expect(again.status).toBe(404);
    const listedAfter = await app.request('/v1/sessions', { headers: bearer(tenant.tokens.admin) });
    expect(JSON.stringify(await listedAfter.json())).not.toContain(id);
  });

  it('tells who is signed in: GET /v1/session', async () => {
    now = testNow;
    const byToken = await app.request('/v1/session', { headers: bearer(tenant.tokens.admin) });
    expect(byToken.status).toBe(200);
    expect(await byToken.json()).toMatchObject({
      actor: { kind: 'token', name: 'admin token' },
      roles: ['viewer', 'planner', 'finance', 'admin'],
      via: 'token',
      session: null,
    });
    const cookie = await signIn(tenant.tokens.plan);
    const bySession = await read(cookie, '/v1/session');
    expect(await bySession.json()).toMatchObject({ roles: ['viewer', 'planner'], via: 'session' });
  });

  it('marks the cookie Secure over https', async () => {
    const response = await app.request('https://planner.example/v1/session', {
      method: 'POST',
      headers: bearer(tenant.tokens.read),
    });
    expect(response.headers.get('set-cookie')).toMatch(/; Secure$/);
  });

  it('refuses a session signing in again by its cookie (it may not outlive its end)', async () => {
    now = testNow;
    const cookie = await signIn(tenant.tokens.read);
    const again = await app.request('/v1/session', {
      method: 'POST',
      headers: { cookie: `lastplan_session=${cookie}`, ...own },
    });
    expect(again.status).toBe(403);
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
