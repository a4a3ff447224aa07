import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evaluateAndDeliverAlerts } from '../../src/finance-service/evaluate-and-deliver-alerts.ts';
import { silentLogger } from '../../src/logger.ts';
import { parseOutboundAllowlist } from '../../src/outbound/outbound-allowlist.ts';
import { putAlertWebhook } from '../../src/store/alert-webhook-store.ts';
import type { Database } from '../../src/store/database.ts';
import { withTenant } from '../../src/store/with-tenant.ts';
import { openTestDatabase, testBackends } from '../support/databases.ts';
import { bearer, jsonRequest, testApp } from '../support/test-app.ts';
import { csvRequest, type FinanceTenant, seedFinanceTenant } from './finance-setup.ts';

const SECRET = 'whsec_test_0123456789';

/** The internal service an attacker aims at: it counts every connection, so "nothing arrived" is checked. */
async function internalService(): Promise<{
  server: Server;
  port: number;
  connections: () => number;
  bodies: string[];
}> {
  let connections = 0;
  const bodies: string[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => {
      body += chunk.toString('utf8');
    });
    req.on('end', () => {
      bodies.push(body);
      res.writeHead(204).end();
    });
  });
  server.on('connection', () => {
    connections++;
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, port: (server.address() as AddressInfo).port, connections: () => connections, bodies };
}

describe.each(testBackends())('webhook targets on %s', (backend) => {
  let database: Database;
  let app: ReturnType<typeof testApp>['app'];
  let tenant: FinanceTenant;
  let internal: Awaited<ReturnType<typeof internalService>>;
  const now = new Date('2026-06-30T08:00:00Z');

  beforeAll(async () => {
    database = await openTestDatabase(backend);
    app = testApp(database, { clock: () => now }).app;
    tenant = await seedFinanceTenant(database, 'ssrf');
    internal = await internalService();
    const lines = ['date,service,category,amount,currency'];
    for (let d = 1; d <= 30; d++)
      lines.push(`2026-06-${String(d).padStart(2, '0')},wahlschein,compute,100.00,EUR`);
    await app.request('/v1/costs/imports', csvRequest(tenant.tokens.finance, lines.join('\n')));
    const grant = await app.request(
      '/v1/grants',
      jsonRequest('POST', tenant.tokens.finance, {
        programme: 'SSRF',
        funder: 'Land',
        referenceNumber: 'S-1',
        amount: '4000',
        period: { start: '2026-06-01', end: '2026-07-31' },
        eligibleServiceIds: [tenant.services.wahlschein],
        coFundingRate: '1',
        alerts: { thresholds: [50] },
      }),
    );
    expect(grant.status).toBe(201);
  });
  afterAll(async () => {
    internal?.server.close();
    await database?.close();
  });

  it.each([
    ['127.0.0.1', '127.0.0.1, a loopback address'],
    ['2130706433', '127.0.0.1, a loopback address'],
    ['0177.0.0.1', '127.0.0.1, a loopback address'],
    ['0x7f.1', '127.0.0.1, a loopback address'],
    ['127.1', '127.0.0.1, a loopback address'],
    ['0.0.0.0', '0.0.0.0, an unspecified address'],
    ['[::]', '::, an unspecified address'],
    ['[::1]', '::1, a loopback address'],
    ['[::ffff:127.0.0.1]', '127.0.0.1, a loopback address'],
    ['[::ffff:7f00:1]', '127.0.0.1, a loopback address'],
    ['localhost', 'localhost resolves to'],
    ['169.254.169.254', '169.254.169.254, a cloud metadata address'],
    ['[fd00:ec2::254]', 'fd00:ec2::254, a cloud metadata address'],
    ['192.168.0.10', '192.168.0.10, a private address'],
    ['100.100.100.200', '100.100.100.200, a shared (CGNAT) address'],
  ])('refuses http://%s:PORT/ with 422 naming the reason', async (host, reason) => {
    const res = await app.request(
      '/v1/alerts/webhook',
      jsonRequest('PUT', tenant.tokens.finance, {
        url: `http://${host}:${internal.port}/hook`,
        secret: SECRET,
      }),
    );
    expect(res.status).toBe(422);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    const problem = (await res.json()) as { type: string; detail: string; errors: { pointer: string }[] };
    expect(problem.type).toBe('https://lastplan.de/problems/refused-target');
    expect(problem.detail).toContain(reason);
    expect(problem.errors[0]?.pointer).toBe('/url');
    const stored = await app.request('/v1/alerts/webhook', { headers: bearer(tenant.tokens.finance) });
    expect(await stored.json()).toEqual({ url: null, configured: false });
  });

  it('refuses at delivery a target stored before the check, and gives up at once', async () => {
    // As if set by an older version or straight in the database: the delivery checks again.
    await withTenant(database, tenant.id, (tx) =>
      putAlertWebhook(tx, tenant.id, { url: `http://2130706433:${internal.port}/hook`, secret: SECRET }, now),
    );
    const summary = await evaluateAndDeliverAlerts(
      { database, logger: silentLogger, retryDelaysMs: [1000] },
      now,
    );
    expect(summary).toEqual({ raised: 2, delivered: 0, failed: 0, gaveUp: 2 });
    expect(internal.connections()).toBe(0);
    const alerts = (await (
      await app.request('/v1/alerts', { headers: bearer(tenant.tokens.finance) })
    ).json()) as {
      items: { delivery: { state: string; attempts: number; lastError: string } }[];
    };
    for (const alert of alerts.items) {
      expect(alert.delivery.state).toBe('gave-up');
      expect(alert.delivery.attempts).toBe(1);
      expect(alert.delivery.lastError).toMatch(/^refused: 127\.0\.0\.1, a loopback address/);
    }
  });

  it('sends to an intranet receiver the administrator allowed', async () => {
    const outbound = { allow: parseOutboundAllowlist('127.0.0.0/8') };
    const allowed = testApp(database, { clock: () => now, outbound }).app;
    const put = await allowed.request(
      '/v1/alerts/webhook',
      jsonRequest('PUT', tenant.tokens.finance, {
        url: `http://2130706433:${internal.port}/hook`,
        secret: SECRET,
      }),
    );
    expect(put.status).toBe(200);
    const budget = await allowed.request(
      '/v1/budgets',
      jsonRequest('POST', tenant.tokens.finance, {
        name: 'Intranet',
        fiscalYear: 2026,
        amount: '1000',
        serviceIds: [tenant.services.wahlschein],
        alerts: { thresholds: [100] },
      }),
    );
    expect(budget.status).toBe(201);
    const summary = await evaluateAndDeliverAlerts({ database, logger: silentLogger, outbound }, now);
    expect(summary.delivered).toBe(summary.raised);
    expect(summary.delivered).toBeGreaterThan(0);
    expect(internal.bodies.length).toBe(summary.delivered);
  });
});
