import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve } from '@hono/node-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import type { Database } from '../../src/store/database.ts';
import { openTestDatabase, testBackends } from '../support/databases.ts';
import { fakeIo } from '../support/fake-io.ts';
import { seedTenant, type TestTenant, testApp } from '../support/test-app.ts';

const csv = [
  'provider,region,kind,name,vcpu,memory_gib,price,currency,unit,vat_basis,valid_on,source',
  'rz-kreis,RZ Landkreis,instance,vm-2-8,2,8,0.03,EUR,hour,gross,2026-06-01,Angebot 4711',
].join('\n');

describe.each(testBackends())('lastplan catalogs import on %s', (backend) => {
  let database: Database;
  let tenant: TestTenant;
  let server: ReturnType<typeof serve>;
  let api: string;
  let dir: string;

  beforeAll(async () => {
    database = await openTestDatabase(backend);
    tenant = await seedTenant(database, 'landkreis');
    const { app } = testApp(database);
    server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
    await new Promise((resolve) => server.once('listening', resolve));
    api = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    dir = await mkdtemp(join(tmpdir(), 'lastplan-catalogs-'));
  });
  afterAll(async () => {
    await new Promise((resolve) => server?.close(resolve));
    await database?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('imports a CSV file through the API and says what it stored', async () => {
    const file = join(dir, 'angebot.csv');
    await writeFile(file, csv);
    const io = fakeIo();
    const code = await main(['catalogs', 'import', file, '--api', api, '--token', tenant.tokens.plan], io);
    expect(io.err()).toBe('');
    expect(code).toBe(0);
    expect(io.out()).toMatch(/^imported rz-kreis 2026-06-01: 1 prices \(id [0-9a-f-]{36}\)\n$/);
    const again = fakeIo({ LASTPLAN_API: api, LASTPLAN_TOKEN: tenant.tokens.plan });
    expect(await main(['catalogs', 'import', file], again)).toBe(0);
    expect(again.out()).toMatch(/^unchanged rz-kreis/);
  });

  it('prints the server’s validation errors with pointers on one line', async () => {
    const file = join(dir, 'kaputt.json');
    await writeFile(file, JSON.stringify({ generated: '2026-06-01', sources: {}, providers: [] }));
    const io = fakeIo();
    const code = await main(['catalogs', 'import', file, '--api', api, '--token', tenant.tokens.plan], io);
    expect(code).toBe(1);
    expect(io.err()).toMatch(/400.*\/providers/);
    expect(io.err().trim().split('\n')).toHaveLength(1);
  });

  it.each([
    [['catalogs', 'import'], /file is missing/, 2],
    [['catalogs', 'import', 'x.csv', '--token', 't'], /--api/, 2],
    [
      ['catalogs', 'import', '/nonexistent/x.csv', '--api', 'http://127.0.0.1:1', '--token', 't'],
      /cannot read/,
      1,
    ],
  ])('fails with one line for %j', async (args, message, exit) => {
    const io = fakeIo();
    expect(await main(args, io)).toBe(exit);
    expect(io.err()).toMatch(message);
  });

  it('has help', async () => {
    const io = fakeIo();
    expect(await main(['catalogs', 'import', '--help'], io)).toBe(0);
    expect(io.out()).toMatch(/Usage: lastplan catalogs import/);
  });
});
