import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import type { Database } from '../../src/store/database.ts';
import { openTestDatabase, testBackends } from '../support/databases.ts';
import { fakeIo } from '../support/fake-io.ts';
import { testApp } from '../support/test-app.ts';
import { type FinanceTenant, seedFinanceTenant, storeRates } from './finance-setup.ts';
import { serveApp } from './serve-app.ts';

describe.each(testBackends())('lastplan import focus on %s', (backend) => {
  let database: Database;
  let server: Awaited<ReturnType<typeof serveApp>>;
  let tenant: FinanceTenant;
  let dir: string;

  beforeAll(async () => {
    database = await openTestDatabase(backend);
    server = await serveApp(testApp(database).app);
    tenant = await seedFinanceTenant(database, 'cli-kosten');
    await storeRates(database, tenant.id, 'USD', 'EUR', '2025-12-25', '2026-03-31', '0.92');
    dir = await mkdtemp(join(tmpdir(), 'lastplan-focus-'));
  });
  afterAll(async () => {
    await server?.close();
    await database?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('streams the file to the server and prints a summary per billing period', async () => {
    const io = fakeIo();
    const args = [
      'import',
      'focus',
      'fixtures/focus/focus_1.0_sample_shape_200.csv',
      '--api',
      server.url,
      '--token',
      tenant.tokens.finance,
    ];
    expect(await main(args, io)).toBe(0);
    expect(io.out()).toMatch(/focus_1\.0_sample_shape_200\.csv: focus, 200 rows/);
    expect(io.out()).toMatch(/period\(s\) imported, 0 unchanged, 0 rejected/);
    const again = fakeIo({ LASTPLAN_API: server.url, LASTPLAN_TOKEN: tenant.tokens.finance });
    expect(await main(['import', 'focus', 'fixtures/focus/focus_1.0_sample_shape_200.csv'], again)).toBe(0);
    expect(again.out()).toMatch(/0 period\(s\) imported, \d+ unchanged, 0 rejected/);
  });

  it('exits 1 and names line and column when a period is rejected', async () => {
    const file = join(dir, 'bad.csv');
    await writeFile(file, 'date,service,category,amount,currency\n2026-05-01,wahlschein,compute,viel,EUR\n');
    const io = fakeIo({ LASTPLAN_API: server.url, LASTPLAN_TOKEN: tenant.tokens.finance });
    expect(await main(['import', 'focus', file], io)).toBe(1);
    expect(io.out()).toContain('line 2, amount');
  });

  it.each([
    [['import', 'focus', 'x.csv'], /--api URL or set LASTPLAN_API/],
    [
      ['import', 'focus', 'missing.csv', '--api', 'http://127.0.0.1:9', '--token', 't'],
      /cannot read missing\.csv: ENOENT/,
    ],
  ])('fails with one line on %j', async (args, message) => {
    const io = fakeIo();
    expect(await main(args, io)).not.toBe(0);
    expect(io.err()).toMatch(message);
    expect(io.err().trim().split('\n')).toHaveLength(1);
  });

  it('shows an error from the server in one line', async () => {
    const io = fakeIo({ LASTPLAN_API: server.url, LASTPLAN_TOKEN: tenant.tokens.read });
    expect(await main(['import', 'focus', 'fixtures/focus/focus_1.0_sample_shape_200.csv'], io)).toBe(1);
    expect(io.err()).toMatch(/the server answered 403/);
  });
});
