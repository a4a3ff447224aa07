import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/store/database.ts';
import { openTestDatabase, testBackends } from '../support/databases.ts';
import {
  CookieJar,
  oidcSettings,
  passProvider,
  startOidcProvider,
  type TestProvider,
} from '../support/oidc-provider.ts';
import { bearer, seedTenant, type TestTenant, testApp } from '../support/test-app.ts';

const APP = 'http://planer.stadt.test';
const own = { origin: APP, 'sec-fetch-site': 'same-origin' };

describe.each(testBackends())('sign-in through an OpenID provider on %s', (backend) => {
  let database: Database;
  let provider: TestProvider;
  let tenant: TestTenant;
  let app: ReturnType<typeof testApp>['app'];

  /** A browser's whole sign-in: lastplan → provider (login, consent) → lastplan's callback. */
  async function signIn(login: string, jar = new CookieJar(), returnTo = '/plans') {
    const start = await app.request(`${APP}/auth/login?returnTo=${encodeURIComponent(returnTo)}`, {
      headers: jar.header(),
    });
    expect(start.status).toBe(302);
    jar.store(start);
    const authorize = new URL(start.headers.get('location') ?? '');
    const back = await passProvider(authorize.href, login, new CookieJar());
    expect(back.startsWith(`${APP}/auth/callback?`)).toBe(true);
    const callback = await app.request(back, { headers: jar.header() });
    jar.store(callback);
    return { authorize, callback, jar };
  }

  const api = (jar: CookieJar, path: string, init: RequestInit = {}) =>
    app.request(`${APP}${path}`, { ...init, headers: { ...jar.header(), ...(init.headers as object) } });

  beforeAll(async () => {
    database = await openTestDatabase(backend);
    tenant = await seedTenant(database, `rathaus-${backend}`);
    provider = await startOidcProvider(APP);
    app = testApp(database, {
      oidc: oidcSettings(provider, tenant.slug, 'amt-planung=planner,kaemmerei=finance'),
    }).app;
  });
  afterAll(async () => {
    await provider?.close();
    await database?.close();
  });

  it('signs a person in with the code flow and PKCE, maps the group claim to roles and starts a session', async () => {
    const { authorize, callback, jar } = await signIn('erika');
    expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
    expect(authorize.searchParams.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(authorize.searchParams.get('state')).toBeTruthy();
    expect(authorize.searchParams.get('nonce')).toBeTruthy();
    expect(authorize.searchParams.get('redirect_uri')).toBe(`${APP}/auth/callback`);
    expect(callback.status).toBe(303);
    expect(callback.headers.get('location')).toBe('/plans');
    expect(jar.get('lastplan_session')).toMatch(/^ls_/);
    expect(jar.get('lastplan_oidc')).toBeUndefined();
    const who = await api(jar, '/v1/session');
    expect(who.status).toBe(200);
    expect(await who.json()).toMatchObject({
      tenant: { id: tenant.id, slug: tenant.slug },
      actor: { kind: 'person', id: 'erika', name: 'Erika Mustermann' },
      roles: ['viewer', 'planner'],
      via: 'session',
    });
  });

  it('lets the person do what the roles allow, refuses the rest naming the role, and records the sign-in', async () => {
    const { jar } = await signIn('erika');
    const event = await api(jar, '/v1/events', {
      method: 'POST',
      headers: { ...own, 'content-type': 'application/json' },
      body: JSON.stringify({
        kind: 'election',
        name: 'Kommunalwahl',
        startsAt: '2027-03-14T07:00:00Z',
        endsAt: '2027-03-14T17:00:00Z',
      }),
    });
    expect(event.status).toBe(201);
    const grants = await api(jar, '/v1/grants');
    expect(grants.status).toBe(403);
    expect(await grants.json()).toMatchObject({
      requiredRole: 'finance',
      detail: 'you lack the role "finance" that GET /v1/grants needs',
    });
    const trail = await app.request('/v1/audit?actor=erika', { headers: bearer(tenant.tokens.admin) });
    const actions = ((await trail.json()) as { items: { action: string; actor: { name: string } }[] }).items;
    expect(actions.map((e) => e.action)).toContain('session.create');
    expect(actions.map((e) => e.action)).toContain('event.create');
    expect(actions.every((e) => e.actor.name === 'Erika Mustermann')).toBe(true);
  });

  it('gives every mapped group its role', async () => {
    const { jar } = await signIn('frieda');
    expect(await (await api(jar, '/v1/session')).json()).toMatchObject({
      roles: ['viewer', 'planner', 'finance'],
    });
  });

  it('refuses a person whose groups map to no role, and starts no session', async () => {
    const { callback, jar } = await signIn('max');
    expect(callback.status).toBe(403);
    expect(callback.headers.get('content-type')).toBe('application/problem+json');
    expect(((await callback.json()) as { detail: string }).detail).toContain(
      'Max Ohnerolle holds no lastplan role',
    );
    expect(jar.get('lastplan_session')).toBeUndefined();
  });

  it('rotates the session on sign-in: the cookie from before is revoked', async () => {
    const first = await signIn('erika');
    const before = first.jar.get('lastplan_session') as string;
    const second = await signIn('erika', first.jar);
    expect(second.jar.get('lastplan_session')).not.toBe(before);
    const old = await app.request(`${APP}/v1/session`, { headers: { cookie: `lastplan_session=${before}` } });
    expect(old.status).toBe(401);
  });

  it('signs out at /auth/logout: the session ends and the provider is asked to end its own', async () => {
    const { jar } = await signIn('erika');
    const cookie = jar.get('lastplan_session') as string;
    const out = await api(jar, '/auth/logout', { headers: { 'sec-fetch-site': 'same-origin' } });
    expect(out.status).toBe(303);
    const endSession = new URL(out.headers.get('location') ?? '');
    expect(endSession.origin).toBe(provider.issuer);
    expect(endSession.searchParams.get('post_logout_redirect_uri')).toBe(`${APP}/`);
    expect(out.headers.get('set-cookie')).toContain('lastplan_session=;');
    const after = await app.request(`${APP}/v1/session`, {
      headers: { cookie: `lastplan_session=${cookie}` },
    });
    expect(after.status).toBe(401);
  });

  it('does not end the session for a sign-out link or form on another site, only for one of its own', async () => {
    const { jar } = await signIn('erika');
    const cookie = jar.get('lastplan_session') as string;
    const alive = async () =>
      (await app.request(`${APP}/v1/session`, { headers: { cookie: `lastplan_session=${cookie}` } })).status;
    // An <img src=/auth/logout> or a link on another site, or a client that says nothing.
    for (const site of ['cross-site', 'same-site', undefined]) {
      const res = await api(jar, '/auth/logout', { headers: site ? { 'sec-fetch-site': site } : {} });
      expect(res.status, site).toBe(200);
      expect(res.headers.get('content-type')).toContain('text/html');
      expect(res.headers.get('set-cookie')).toBeNull();
      const csp = res.headers.get('content-security-policy') ?? '';
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain(`form-action 'self' ${provider.issuer}`);
      const page = await res.text();
      expect(page).toContain('<form method="post" action="/auth/logout">');
      expect(page).not.toContain('<script');
      expect(await alive()).toBe(200);
    }
    // A form on another page of the municipality's domain POSTs: refused, the session lives on.
    const forged = await api(jar, '/auth/logout', {
      method: 'POST',
      headers: { origin: 'http://evil.stadt.example', 'sec-fetch-site': 'same-site' },
    });
    expect(forged.status).toBe(403);
    expect(await alive()).toBe(200);
    // The confirmation page's own form ends it.
    const own = await api(jar, '/auth/logout', {
      method: 'POST',
      headers: { origin: new URL(APP).origin, 'sec-fetch-site': 'same-origin' },
    });
    expect(own.status).toBe(303);
    expect(new URL(own.headers.get('location') ?? '').origin).toBe(provider.issuer);
    expect(await alive()).toBe(401);
  });

  it('refuses a callback whose state does not match, or that this browser did not start', async () => {
    const jar = new CookieJar();
    const start = await app.request(`${APP}/auth/login`);
    jar.store(start);
    const back = new URL(await passProvider(start.headers.get('location') ?? '', 'erika', new CookieJar()));
    back.searchParams.set('state', 'forged-state');
    const forged = await app.request(back.href, { headers: jar.header() });
    expect(forged.status).toBe(401);
    const detail = ((await forged.json()) as { detail: string }).detail;
    expect(detail, detail).toMatch(/state/i);
    const stranger = await app.request(back.href);
    expect(stranger.status).toBe(401);
    expect(stranger.headers.get('set-cookie') ?? '').not.toContain('lastplan_session=ls_');
  });

  it('goes back only to a path of this app', async () => {
    for (const returnTo of ['//evil.example/x', 'https://evil.example/', '/\\evil.example']) {
      const { callback } = await signIn('erika', new CookieJar(), returnTo);
      expect(callback.headers.get('location'), returnTo).toBe('/');
    }
  });

  it('answers 404 at /auth/login where no provider is configured, and says so at /auth/status', async () => {
    const plain = testApp(database).app;
    const res = await plain.request('/auth/login');
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    expect(await (await plain.request('/auth/status')).json()).toEqual({ oidc: false });
    expect(await (await app.request('/auth/status')).json()).toEqual({ oidc: true });
  });
});
