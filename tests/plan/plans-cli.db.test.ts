import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import type { Database } from '../../src/store/database.ts';
import { openTestDatabase, testBackends } from '../support/databases.ts';
import { fakeIo } from '../support/fake-io.ts';
import { jsonRequest, seedTenant, type TestTenant, testApp } from '../support/test-app.ts';
import { capacitySpec, seedLoad } from './plan-fixtures.ts';

describe.each(testBackends())('lastplan plans create on %s', (backend) => {
  let database: Database;
  let tenant: TestTenant;
  let server: ReturnType<typeof serve>;
  let api: string;

  beforeAll(async () => {
    database = await openTestDatabase(backend);
    tenant = await seedTenant(database, 'kreisstadt');
    const { app } = testApp(database);
    const serviceId = await seedLoad(database, tenant.id, 'kfz');
    await app.request(
      `/v1/services/${serviceId}/capacity`,
      jsonRequest('PUT', tenant.tokens.plan, capacitySpec),
    );
    server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
    await new Promise((resolve) => server.once('listening', resolve));
    api = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server?.close(resolve));
    await database?.close();
  });

  it('plans a service by its key and prints the steps and the cost range', async () => {
    const io = fakeIo({ LASTPLAN_API: api, LASTPLAN_TOKEN: tenant.tokens.admin });
    const code = await main(['plans', 'create', '--service', 'kfz', '--horizon', 'P7D'], io);
    expect(io.err()).toBe('');
    expect(code).toBe(0);
    expect(io.out()).toMatch(/^plan [0-9a-f-]{36} \(version 1\) on (hetzner|stackit)\//);
    expect(io.out()).toMatch(/\ncost \d+\.\d\d to \d+\.\d\d EUR \(P50 to 95 % band\)\n/);
  });

  it.each([
    [['plans', 'create', '--service', 'nope', '--horizon', 'P7D'], /no service with key "nope"/],
    [['plans', 'create', '--service', 'kfz', '--horizon', 'P1D'], /400.*\/horizon/],
    [['plans', 'create', '--service', 'kfz', '--horizon', 'P7D', '--quantile', '2'], /--quantile/],
    [['plans', 'create', '--horizon', 'P7D'], /--service/],
  ])('fails with one line for %j', async (args, message) => {
    const io = fakeIo({ LASTPLAN_API: api, LASTPLAN_TOKEN: tenant.tokens.admin });
    expect(await main(args, io)).not.toBe(0);
    expect(io.err()).toMatch(message);
    expect(io.err().trim().split('\n')).toHaveLength(1);
  });
});
