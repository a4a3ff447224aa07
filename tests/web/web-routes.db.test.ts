import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWebAssets } from '../../src/web-assets.ts';
import { openTestDatabase } from '../support/databases.ts';
import { htmlElements } from '../support/html-elements.ts';
import { testApp } from '../support/test-app.ts';

// The web routes do not touch the database; one backend is enough.
describe('web routes: dashboard, embed examples, widget bundle', () => {
  let database: Awaited<ReturnType<typeof openTestDatabase>>;
  let app: ReturnType<typeof testApp>['app'];

  beforeAll(async () => {
    database = await openTestDatabase('pglite');
    app = testApp(database, { assets: await buildWebAssets() }).app;
  });
  afterAll(async () => {
    await database.close();
  });

  it('serves the dashboard at / with a strict CSP and no caching', async () => {
    const res = await app.request('/');
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-cache');
    expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(await res.text()).toContain('<lastplan-dashboard>');
  });

  it('serves /widgets.js to other origins (module scripts use CORS) and links a versioned copy cached for a year', async () => {
    const plain = await app.request('/widgets.js');
    expect(plain.headers.get('access-control-allow-origin')).toBe('*');
    expect(plain.headers.get('cache-control')).toBe('public, max-age=300');
    const examples = await (await app.request('/embed-examples')).text();
    const versioned = /\/widgets-[0-9a-f]{12}\.js/.exec(examples)?.[0];
    expect(versioned).toBeDefined();
    const res = await app.request(versioned as string);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(await res.text()).toBe(await plain.text());
  });

  it.each([
    '/services/0193a8f0-7c1e-7a55-9a51-4b7a2f4f1c2d',
    '/services/s1/series/x1',
    '/plans/p1',
    '/grants/g1/',
    '/budgets/b1',
    '/events',
    '/events/e1',
    '/settings',
    '/imports',
    '/exchange-rates',
  ])('answers the dashboard URL %s with the app shell (a reload keeps the view)', async (path) => {
    const res = await app.request(path);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(await res.text()).toContain('<lastplan-dashboard>');
  });

  it('sends /widgets.js compressed as the client accepts, with an ETag that answers 304', async () => {
    const plain = await app.request('/widgets.js', { headers: { 'accept-encoding': 'identity' } });
    expect(plain.headers.get('content-encoding')).toBeNull();
    expect(plain.headers.get('vary')).toContain('Accept-Encoding');
    const bytes = new Uint8Array(await plain.arrayBuffer());
    const etag = plain.headers.get('etag') as string;
    expect(etag).toMatch(/^"[\w-]{22}"$/);

    const br = await app.request('/widgets.js', { headers: { 'accept-encoding': 'gzip, deflate, br' } });
    expect(br.headers.get('content-encoding')).toBe('br');
    const brBytes = new Uint8Array(await br.arrayBuffer());
    expect(brBytes.length).toBeLessThan(bytes.length / 3);
    expect(new Uint8Array(brotliDecompressSync(brBytes))).toEqual(bytes);

    const gzip = await app.request('/widgets.js', { headers: { 'accept-encoding': 'gzip, br;q=0' } });
    expect(gzip.headers.get('content-encoding')).toBe('gzip');
    expect(new Uint8Array(gunzipSync(new Uint8Array(await gzip.arrayBuffer())))).toEqual(bytes);
    expect(br.headers.get('etag')).toBe(etag);

    for (const match of [etag, `W/${etag}`, `"other", ${etag}`, '*']) {
      const again = await app.request('/widgets.js', { headers: { 'if-none-match': match } });
      expect(again.status, match).toBe(304);
      expect(await again.text()).toBe('');
      expect(again.headers.get('etag')).toBe(etag);
      expect(again.headers.get('cache-control')).toBe('public, max-age=300');
    }
    expect((await app.request('/widgets.js', { headers: { 'if-none-match': '"stale"' } })).status).toBe(200);
  });

  it.each(['/', '/embed-examples', '/settings'])(
    'sends %s with scripts from its own origin only, and only as files',
    async (path) => {
      const res = await app.request(path);
      const csp = res.headers.get('content-security-policy') ?? '';
      for (const directive of [
        "script-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
        "default-src 'self'",
      ])
        expect(csp.split('; ')).toContain(directive);
      // script-src 'self' would block an inline script or handler: the pages must need none.
      const elements = htmlElements(await res.text());
      const scripts = elements.filter((e) => e.tag === 'script');
      expect(scripts.length).toBeGreaterThan(0);
      for (const script of scripts) {
        expect(script.attributes.src).toMatch(/^\/[\w.-]+\.js$/);
        expect(script.text).toBe('');
      }
      expect(elements.some((e) => Object.keys(e.attributes).some((a) => a.startsWith('on')))).toBe(false);
    },
  );

  it.each(['/widgets-000000000000.js', '/nope.html', '/v1/index.html', '/services', '/plans/a/b'])(
    'answers %s with a problem, not a page',
    async (path) => {
      const res = await app.request(path);
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(res.headers.get('content-type')).toContain('problem+json');
    },
  );
});
