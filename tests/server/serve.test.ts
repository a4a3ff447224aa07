import { existsSync, statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { controlSocketPath } from '../../src/store/data-dir-lock.ts';
import { fakeIo } from '../support/fake-io.ts';
import { type Spawned, spawnProcess } from '../support/spawn-server.ts';

const cli = 'bin/lastplan.js';

function serve(dataDir: string, port: number, env: Record<string, string> = {}): Spawned {
  return spawnProcess(process.execPath, [cli, 'serve'], {
    LASTPLAN_DATA_DIR: dataDir,
    PORT: String(port),
    LOG_LEVEL: 'warn',
    DATABASE_URL: '',
    ...env,
  });
}

describe('npm start: the Node server on an embedded PGlite folder', () => {
  let dir: string;
  let dataDir: string;
  const port = 21_000 + Math.floor(Math.random() * 4000);
  const base = `http://127.0.0.1:${port}`;
  let first: Spawned;
  let token: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'lastplan-serve-'));
    dataDir = join(dir, 'data');
    first = serve(dataDir, port, { LASTPLAN_ADMIN_TOKEN: 'admin-token-for-automation-0123456789' });
    token = (await first.waitFor(/demo token \(read, plan, finance\): (lp_\S+)/, 300_000))[1] as string;
  }, 320_000);

  afterAll(async () => {
    await first?.stop('SIGKILL');
    await rm(dir, { recursive: true, force: true });
  });

  it('creates the demo tenant on the first start and prints the address and a read token', () => {
    expect(first.output()).toContain(`is running at ${base}/`);
    expect(first.output()).toContain('demo tenant "Musterstadt" (BY) created');
    expect(first.output()).toContain(`open in the browser: ${base}/#token=${token}`);
  });

  it('serves the start page, the widget bundle and the services of the demo tenant', async () => {
    const page = await fetch(`${base}/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(await page.text()).toMatch(/<lastplan-[a-z-]+/);
    const bundle = await fetch(`${base}/widgets.js`);
    expect(bundle.status).toBe(200);
    expect(bundle.headers.get('content-type')).toContain('javascript');
    const services = await (
      await fetch(`${base}/v1/services`, { headers: { authorization: `Bearer ${token}` } })
    ).json();
    expect(services.items.map((s: { key: string }) => s.key)).toEqual([
      'briefwahl',
      'buergerkonto',
      'eheschliessung',
      'hundesteuer',
      'kfz-zulassung',
    ]);
    const briefwahl = services.items[0].id;
    const detail = await (
      await fetch(`${base}/v1/services/${briefwahl}`, { headers: { authorization: `Bearer ${token}` } })
    ).json();
    expect(detail.series.map((s: { metric: string }) => s.metric).sort()).toEqual([
      'cpu_cores',
      'requests_per_second',
    ]);
  });

  it('makes LASTPLAN_ADMIN_TOKEN the admin token of the demo tenant', async () => {
    const res = await fetch(`${base}/v1/tokens`, {
      headers: { authorization: 'Bearer admin-token-for-automation-0123456789' },
    });
    expect(res.status).toBe(200);
  });

  it('keeps admin commands away from the folder while it runs', async () => {
    const admin = spawnProcess(process.execPath, [cli, 'tenants', 'list'], {
      LASTPLAN_DATA_DIR: dataDir,
      DATABASE_URL: '',
    });
    expect(await admin.stop('SIGCONT', 60_000)).toBe(1);
    expect(admin.output()).toMatch(
      /^lastplan: the data folder .* is in use by a lastplan server \(pid \d+\)/,
    );
  });

  it('backs up the whole folder through the running server while it ingests, and the backup restores', async () => {
    const socket = controlSocketPath(dataDir);
    expect((statSync(socket).mode & 0o777).toString(8)).toBe('600');
    // Samples keep arriving while the snapshot is read.
    let writes = 0;
    let writing = true;
    const writer = (async () => {
      for (let i = 0; writing; i++) {
        const res = await fetch(`${base}/v1/metrics`, {
          method: 'POST',
          headers: {
            authorization: 'Bearer admin-token-for-automation-0123456789',
            'content-type': 'application/json',
          },
          body: JSON.stringify({
            series: [
              {
                service: 'hundesteuer',
                metric: 'backup_probe',
                unit: '1/s',
                kind: 'gauge',
                points: [[Date.UTC(2026, 10, 1) + i * 60_000, i]],
              },
            ],
          }),
        });
        expect(res.status).toBe(200);
        writes++;
      }
    })();
    const file = join(dir, 'running.ndjson.gz');
    const io = fakeIo();
    try {
      expect(await main(['backup', '--data-dir', dataDir, '--out', file, '--json'], io)).toBe(0);
    } finally {
      writing = false;
      await writer;
    }
    expect(io.err()).toBe('');
    const summary = JSON.parse(io.out());
    expect(summary.scope).toEqual({ kind: 'deployment' });
    expect(summary.tables.samples.rows).toBeGreaterThan(1000);
    expect(writes).toBeGreaterThan(0);
    // The server goes on serving, and the file restores into a fresh folder with every digest equal.
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    const restored = fakeIo();
    expect(await main(['restore', '--data-dir', join(dir, 'restored'), file], restored)).toBe(0);
    expect(restored.out()).toContain("every table's digest matches the backup");

    const one = fakeIo();
    const tenantFile = join(dir, 'musterstadt.ndjson.gz');
    expect(
      await main(['backup', '--data-dir', dataDir, '--tenant', 'musterstadt', '--out', tenantFile], one),
    ).toBe(0);
    expect(one.out()).toMatch(/^wrote .*musterstadt\.ndjson\.gz: tenant musterstadt, \d+ tables/);
    const unknown = fakeIo();
    expect(
      await main(['backup', '--data-dir', dataDir, '--tenant', 'nirgendwo', '--out', tenantFile], unknown),
    ).toBe(1);
    expect(unknown.err()).toBe(
      'lastplan: the running server refused the backup: no tenant with slug "nirgendwo" (see: lastplan tenants list)\n',
    );
  }, 240_000);

  it('shuts down cleanly on SIGTERM, and a second start keeps the data without seeding again', async () => {
    expect(await first.stop('SIGTERM', 30_000)).toBe(0);
    expect(existsSync(join(dataDir, 'lastplan.pid'))).toBe(false);
    expect(existsSync(controlSocketPath(dataDir))).toBe(false);
    const second = serve(dataDir, port);
    try {
      await second.waitFor(/open in the browser: /, 200_000);
      expect(second.output()).not.toContain('demo tenant "Musterstadt" (BY) created');
      expect(second.output()).toContain(`demo token (read, plan, finance): ${token}`);
      const services = await (
        await fetch(`${base}/v1/services`, { headers: { authorization: `Bearer ${token}` } })
      ).json();
      expect(services.items).toHaveLength(5);
    } finally {
      expect(await second.stop('SIGINT', 30_000)).toBe(0);
    }
  }, 260_000);

  it('refuses a bad setting with one line naming the variable', async () => {
    const bad = spawnProcess(process.execPath, [cli, 'serve'], {
      PORT: 'achtzig',
      LASTPLAN_DATA_DIR: join(dir, 'other'),
    });
    expect(await bad.stop('SIGCONT', 60_000)).toBe(1);
    expect(bad.output()).toBe('lastplan: PORT: expected a whole number, got "achtzig"\n');
  });
});
