import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/store/database.ts';
import { openTestDatabase, postgresUrl } from '../support/databases.ts';
import { type Spawned, spawnProcess } from '../support/spawn-server.ts';
import { seedTenant, type TestTenant } from '../support/test-app.ts';

// The Worker runs on PostgreSQL only; in CI (REQUIRE_POSTGRES=1) a missing URL fails in testBackends().
const enabled = Boolean(postgresUrl()) || process.env.REQUIRE_POSTGRES === '1';

describe.runIf(enabled)('the Worker in workerd (wrangler dev) against PostgreSQL', () => {
  let database: Database;
  let tenant: TestTenant;
  let worker: Spawned;
  let base: string;

  beforeAll(async () => {
    if (!postgresUrl()) throw new Error('REQUIRE_POSTGRES=1 but no TEST_DATABASE_URL or DATABASE_URL');
    database = await openTestDatabase('postgres');
    tenant = await seedTenant(database, 'worker-town');
    const url = (database as Database & { url?: string }).url as string;
    const port = 18_700 + Math.floor(Math.random() * 200);
    worker = spawnProcess(
      'npx',
      [
        'wrangler',
        'dev',
        '--ip',
        '127.0.0.1',
        '--port',
        String(port),
        '--var',
        `DATABASE_URL:${url}`,
        '--show-interactive-dev-session=false',
        '--test-scheduled',
      ],
      { WRANGLER_SEND_METRICS: 'false', WRANGLER_SEND_ERROR_REPORTS: 'false', CI: 'true' },
    );
    base = `http://127.0.0.1:${port}`;
    await worker.waitFor(/Ready on/, 90_000);
  }, 120_000);

  afterAll(async () => {
    await worker?.stop('SIGINT', 3_000);
    await database?.close();
  });

  it('answers /readyz from workerd with the database reachable', async () => {
    const res = await fetch(`${base}/readyz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'ok' });
  });

  it('serves an authenticated read and refuses a missing token with a problem', async () => {
    const ok = await fetch(`${base}/v1/tenant`, {
      headers: { authorization: `Bearer ${tenant.tokens.read}` },
    });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ slug: 'worker-town', federalState: 'BY' });
    const denied = await fetch(`${base}/v1/tenant`);
    expect(denied.status).toBe(401);
    expect(denied.headers.get('content-type')).toBe('application/problem+json');
  });

  it('serves the dashboard, the widget bundle and the embed examples from static assets', async () => {
    const page = await fetch(`${base}/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    const shell = await page.text();
    expect(shell).toContain('<script type="module" src="/dashboard.js"></script>');
    const dashboard = await fetch(`${base}/dashboard.js`);
    expect(dashboard.status).toBe(200);
    expect(await dashboard.text()).toContain('lastplan-view-service');
    const view = await fetch(`${base}/plans/3f2a0000-0000-4000-8000-000000000000`);
    expect(await view.text()).toBe(shell);
    const widgets = await fetch(`${base}/widgets.js`);
    expect(widgets.status).toBe(200);
    expect(widgets.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect(widgets.headers.get('access-control-allow-origin')).toBe('*');
    expect((await widgets.text()).length).toBeGreaterThan(50_000);
    expect((await fetch(`${base}/embed-examples`)).status).toBe(200);
    expect((await fetch(`${base}/widgets.js.gz`)).status).toBe(404);
  });

  it('runs the scheduled jobs from a Cron Trigger, as the Node instances run them from the job queue', async () => {
    const res = await fetch(`${base}/__scheduled?cron=${encodeURIComponent('* * * * *')}`);
    expect(res.status).toBe(200);
    await worker.waitFor(/"msg":"job done","job":"alerts"/, 30_000);
    expect(worker.output()).not.toMatch(/job failed/);
  });
});
