import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { type Browser, chromium } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logger.ts';
import type { Database } from '../../src/store/database.ts';
import { capacitySpec, seedLoad } from '../plan/plan-fixtures.ts';
import { openTestDatabase, testBackends } from '../support/databases.ts';
import { oidcSettings, startOidcProvider, type TestProvider } from '../support/oidc-provider.ts';
import { bearer, jsonRequest, seedTenant, type TestTenant, testApp } from '../support/test-app.ts';

const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

/**
 * The sign-in in a real Chromium: lastplan on `localhost`, the OpenID provider on `127.0.0.1` (another
 * site, as the municipality's provider is), a person typing into the provider's pages. Then a page
 * of the same site but another origin (another port of `localhost`, as another intranet host of the
 * municipality's domain would be) tries to approve a plan with the person's cookie.
 */
describe.each(testBackends())('sign-in in Chromium through an OpenID provider on %s', (backend) => {
  let database: Database;
  let tenant: TestTenant;
  let provider: TestProvider;
  let browser: Browser;
  let server: ReturnType<typeof serve>;
  let attacker: Server;
  let app: string;
  let attackerOrigin: string;
  let planId: string;
  const log: { msg: string; method?: string; path?: string; status?: number }[] = [];

  beforeAll(async () => {
    database = await openTestDatabase(backend);
    tenant = await seedTenant(database, `chromium-${backend}`);
    const port = await freePort();
    app = `http://localhost:${port}`;
    provider = await startOidcProvider(app);
    const { app: hono } = testApp(database, {
      logger: createLogger('info', (line) => log.push(JSON.parse(line))),
      publicUrl: app,
      oidc: oidcSettings(provider, tenant.slug, 'amt-planung=planner'),
    });
    server = serve({ fetch: hono.fetch, port, hostname: '127.0.0.1' });
    const serviceId = await seedLoad(database, tenant.id);
    const put = await hono.request(
      `/v1/services/${serviceId}/capacity`,
      jsonRequest('PUT', tenant.tokens.plan, capacitySpec),
    );
    expect(put.status).toBe(201);
    const plan = await hono.request(
      '/v1/plans',
      jsonRequest('POST', tenant.tokens.plan, { serviceId, horizon: 'P7D' }),
    );
    planId = ((await plan.json()) as { id: string }).id;
    // A page of the same site that approves the plan by a request a page may send without asking (no
    // preflight: a POST without a body), with the visitor's cookies.
    attacker = createServer((_request, response) => {
      response.setHeader('content-type', 'text/html; charset=utf-8');
      response.end(`<!doctype html><title>Intranet</title><script>
        fetch(${JSON.stringify(`${app}/v1/plans/${planId}/approve`)}, { method: 'POST', mode: 'no-cors', credentials: 'include' })
          .finally(() => { document.title = 'sent'; });
      </script>`);
    });
    const attackerPort = await freePort();
    await new Promise<void>((resolve) => attacker.listen(attackerPort, '127.0.0.1', resolve));
    attackerOrigin = `http://localhost:${attackerPort}`;
    browser = await chromium.launch({
      executablePath: chromiumPath,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--no-first-run',
        '--disable-background-networking',
      ],
    });
  });
  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => server?.close(resolve));
    await new Promise((resolve) => attacker?.close(resolve));
    await provider?.close();
    await database?.close();
  });

  it('signs a person in by the provider’s pages, refuses a same-site page’s write, and lets the own page approve', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${app}/auth/login?returnTo=/welcome`);
    expect(new URL(page.url()).origin).toBe(provider.issuer);
    await page.fill('input[name="login"]', 'erika');
    await page.fill('input[name="password"]', 'beliebig');
    await page.click('button[type="submit"]');
    // The provider asks for consent; then it sends the browser back to lastplan.
    await page.click('button[type="submit"]');
    await page.waitForURL(`${app}/welcome`);
    const cookies = await context.cookies(app);
    expect(cookies.find((cookie) => cookie.name === 'lastplan_session')).toMatchObject({
      httpOnly: true,
      sameSite: 'Strict',
      path: '/',
    });
    const who = await page.evaluate(() => fetch('/v1/session').then((r) => r.json()));
    expect(who).toMatchObject({
      actor: { kind: 'person', name: 'Erika Mustermann' },
      roles: ['viewer', 'planner'],
    });

    const other = await context.newPage();
    await other.goto(attackerOrigin);
    await other.waitForFunction(() => document.title === 'sent');
    // The browser sent the cookie (same site), and lastplan refused: 403, not 401.
    const attempt = log.find((line) => line.msg === 'request' && line.path === `/v1/plans/${planId}/approve`);
    expect(attempt?.status).toBe(403);
    const plan = await fetch(`${app}/v1/plans/${planId}`, { headers: bearer(tenant.tokens.read) });
    expect(await plan.json()).toMatchObject({ status: 'draft' });

    const approved = await page.evaluate(
      (id) =>
        fetch(`/v1/plans/${id}/approve`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: '{}',
        }).then((r) => r.json()),
      planId,
    );
    expect(approved).toMatchObject({ status: 'approved', approvedBy: 'Erika Mustermann' });

    await page.goto(`${app}/auth/logout`);
    expect(new URL(page.url()).origin).toBe(provider.issuer);
    const after = await fetch(`${app}/v1/session`, {
      headers: { cookie: `lastplan_session=${cookies.find((c) => c.name === 'lastplan_session')?.value}` },
    });
    expect(after.status).toBe(401);
    await context.close();
  });
});
