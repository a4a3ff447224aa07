import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyWebhook } from '../../src/finance/sign-webhook.ts';
import { evaluateAndDeliverAlerts } from '../../src/finance-service/evaluate-and-deliver-alerts.ts';
import { silentLogger } from '../../src/logger.ts';
import { parseOutboundAllowlist } from '../../src/outbound/outbound-allowlist.ts';
import type { Database } from '../../src/store/database.ts';
import { openTestDatabase, testBackends } from '../support/databases.ts';
import { bearer, jsonRequest, testApp } from '../support/test-app.ts';
import { csvRequest, type FinanceTenant, seedFinanceTenant } from './finance-setup.ts';

interface Received {
  readonly body: string;
  readonly signature: string;
  readonly delivery: string;
}

/** A local webhook receiver that fails the first `failFirst` requests with 503. */
async function receiver(failFirst: number): Promise<{ server: Server; url: string; received: Received[] }> {
  const received: Received[] = [];
  let calls = 0;
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => {
      body += chunk.toString('utf8');
    });
    req.on('end', () => {
      calls++;
      if (calls <= failFirst) {
        res.writeHead(503).end();
        return;
      }
      received.push({
        body,
        signature: String(req.headers['x-lastplan-signature']),
        delivery: String(req.headers['x-lastplan-delivery']),
      });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { server, url: `http://127.0.0.1:${port}/hook`, received };
}

const SECRET = 'whsec_test_0123456789';
// The receivers listen on loopback, which only an administrator's allowlist opens.
const outbound = { allow: parseOutboundAllowlist('127.0.0.1') };

describe.each(testBackends())('alert webhook on %s', (backend) => {
  let database: Database;
  let app: ReturnType<typeof testApp>['app'];
  let tenant: FinanceTenant;
  let hook: Awaited<ReturnType<typeof receiver>>;
  let grantId: string;
  const now = new Date('2026-06-30T08:00:00Z');

  beforeAll(async () => {
    database = await openTestDatabase(backend);
    app = testApp(database, { clock: () => now, outbound }).app;
    tenant = await seedFinanceTenant(database, 'alarm');
    hook = await receiver(1);
    const lines = ['date,service,category,amount,currency'];
    for (let d = 1; d <= 30; d++)
      lines.push(`2026-06-${String(d).padStart(2, '0')},wahlschein,compute,100.00,EUR`);
    await app.request('/v1/costs/imports', csvRequest(tenant.tokens.finance, lines.join('\n')));
    const res = await app.request(
      '/v1/grants',
      jsonRequest('POST', tenant.tokens.finance, {
        programme: 'Alarmtest',
        funder: 'Land',
        referenceNumber: 'A-1',
        amount: '4000',
        period: { start: '2026-06-01', end: '2026-07-31' },
        eligibleServiceIds: [tenant.services.wahlschein],
        coFundingRate: '1',
        alerts: { thresholds: [50], unspentAbove: '100000' },
      }),
    );
    grantId = ((await res.json()) as { id: string }).id;
  });
  afterAll(async () => {
    hook?.server.close();
    await database?.close();
  });

  it('stores the webhook without showing its secret', async () => {
    const put = await app.request(
      '/v1/alerts/webhook',
      jsonRequest('PUT', tenant.tokens.finance, { url: hook.url, secret: SECRET }),
    );
    expect(put.status).toBe(200);
    const got = await (
      await app.request('/v1/alerts/webhook', { headers: bearer(tenant.tokens.finance) })
    ).text();
    expect(got).toContain(hook.url);
    expect(got).not.toContain(SECRET);
    const short = await app.request(
      '/v1/alerts/webhook',
      jsonRequest('PUT', tenant.tokens.finance, { url: hook.url, secret: 'kurz' }),
    );
    expect(short.status).toBe(400);
  });

  it('delivers each crossing once, signed, retrying a failure with backoff', async () => {
    const first = await evaluateAndDeliverAlerts(
      { database, logger: silentLogger, retryDelaysMs: [30_000], outbound },
      now,
    );
    // actual 3000 of 4000 and forecast 6100 cross 50 %: two alerts; the first attempt met a 503.
    expect(first.raised).toBe(2);
    expect(first.delivered + first.failed).toBe(2);
    expect(first.failed).toBe(1);
    const later = new Date(now.getTime() + 31_000);
    const second = await evaluateAndDeliverAlerts(
      { database, logger: silentLogger, retryDelaysMs: [30_000], outbound },
      later,
    );
    expect(second).toEqual({ raised: 0, delivered: 1, failed: 0, gaveUp: 0 });
    const third = await evaluateAndDeliverAlerts(
      { database, logger: silentLogger, outbound },
      new Date(later.getTime() + 3_600_000),
    );
    expect(third).toEqual({ raised: 0, delivered: 0, failed: 0, gaveUp: 0 });

    expect(hook.received.map((r) => r.delivery).sort()).toEqual([
      `grant:${grantId}:actual:50`,
      `grant:${grantId}:forecast:50`,
    ]);
    for (const message of hook.received) {
      const sentAt = Number(/^t=(\d+)/.exec(message.signature)?.[1]);
      expect(await verifyWebhook(SECRET, message.body, message.signature, sentAt)).toBe(true);
      expect(await verifyWebhook('wrong-secret-000000', message.body, message.signature, sentAt)).toBe(false);
      expect(await verifyWebhook(SECRET, message.body.replace('50', '51'), message.signature, sentAt)).toBe(
        false,
      );
      expect(JSON.parse(message.body)).toMatchObject({
        type: 'lastplan.alert',
        subject: { kind: 'grant', id: grantId },
      });
    }
    const alerts = (await (
      await app.request('/v1/alerts', { headers: bearer(tenant.tokens.finance) })
    ).json()) as {
      items: { delivery: { state: string; attempts: number } }[];
    };
    expect(alerts.items.map((a) => a.delivery.state)).toEqual(['delivered', 'delivered']);
    expect(alerts.items.map((a) => a.delivery.attempts).sort()).toEqual([1, 2]);
  });

  it('shows the crossed thresholds in the status after delivery, and reading it raises nothing', async () => {
    const status = (await (
      await app.request(`/v1/grants/${grantId}/status`, { headers: bearer(tenant.tokens.finance) })
    ).json()) as { alertsCrossed: { key: string }[] };
    expect(status.alertsCrossed.map((c) => c.key).sort()).toEqual([
      `grant:${grantId}:actual:50`,
      `grant:${grantId}:forecast:50`,
    ]);
    const again = await evaluateAndDeliverAlerts({ database, logger: silentLogger, outbound }, now);
    expect(again.raised).toBe(0);
  });

  it('gives up after the last retry', async () => {
    const dead = await receiver(1_000);
    await app.request(
      '/v1/alerts/webhook',
      jsonRequest('PUT', tenant.tokens.finance, { url: dead.url, secret: SECRET }),
    );
    const created = await app.request(
      '/v1/budgets',
      jsonRequest('POST', tenant.tokens.finance, {
        name: 'IT-Betrieb',
        fiscalYear: 2026,
        amount: '1000',
        serviceIds: [tenant.services.wahlschein],
        alerts: { thresholds: [100] },
      }),
    );
    expect(created.status).toBe(201);
    const deps = { database, logger: silentLogger, retryDelaysMs: [1_000], outbound };
    const first = await evaluateAndDeliverAlerts(deps, now);
    expect(first.failed).toBe(2);
    const second = await evaluateAndDeliverAlerts(deps, new Date(now.getTime() + 2_000));
    expect(second.gaveUp).toBe(2);
    dead.server.close();
  });
});
