import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import type { Database } from '../../src/store/database.ts';
import { openTestDatabase, testBackends } from '../support/databases.ts';
import { fakeIo } from '../support/fake-io.ts';
import { spawnProcess } from '../support/spawn-server.ts';
import { bearer, testApp } from '../support/test-app.ts';
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

  it('imports a bill in the official sample style with the lastplan command, warning about the empty column, and a second import changes nothing', async () => {
    const file = 'fixtures/focus/focus_1.0_official_style.csv';
    const run = async () => {
      const cli = spawnProcess(
        'node',
        ['bin/lastplan.js', 'import', 'focus', file, '--api', server.url, '--token', tenant.tokens.finance],
        { LASTPLAN_NO_PROGRESS: '1' },
      );
      const code = await new Promise<number | null>((resolve) => cli.child.once('exit', resolve));
      return { code, out: cli.output() };
    };
    const stored = async () =>
      (
        (await (
          await fetch(`${server.url}/v1/costs/imports`, { headers: bearer(tenant.tokens.finance) })
        ).json()) as { items: { id: string; fileName: string; periodKey: string; importedAt: string }[] }
      ).items.filter((i) => i.fileName === 'focus_1.0_official_style.csv');

    const first = await run();
    expect(first.code, first.out).toBe(0);
    expect(first.out).toMatch(
      /focus_1\.0_official_style\.csv: focus, 10 rows in .*; 3 period\(s\) imported, 0 unchanged, 0 rejected/,
    );
    expect(first.out).toContain(
      'warning: ContractedCost is empty on 3 rows of Oracle: stored as unknown, not as 0 (FOCUS calls the column mandatory)',
    );
    expect(first.out).toContain('contracted unknown (3 rows, EUR); list 5.944 EUR');
    expect(first.out).toContain('contracted 7.524725 USD; list 7.609725 USD');
    const before = await stored();
    expect(before).toHaveLength(3);

    const second = await run();
    expect(second.code, second.out).toBe(0);
    expect(second.out).toMatch(/0 period\(s\) imported, 3 unchanged, 0 rejected/);
    expect(await stored()).toEqual(before);
  }, 180_000);

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
