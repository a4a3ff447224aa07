import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { TestProject } from 'vitest/node';
import { projectRoot, spawnProcess } from '../support/spawn-server.ts';
import { officeLoad } from './office-load.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The real lastplan server (PGlite) the browser tests talk to, with a read token. */
    lastplan: { url: string; readToken: string };
  }
}

const run = promisify(execFile);

async function cli(args: string[]): Promise<string> {
  const { stdout } = await run('node', ['bin/lastplan.js', ...args], {
    cwd: projectRoot,
    env: { ...process.env, DATABASE_URL: '' },
  });
  return stdout;
}

async function token(dataDir: string, scopes: string): Promise<string> {
  const out = await cli([
    'tokens',
    'create',
    '--tenant',
    'teststadt',
    '--scopes',
    scopes,
    '--data-dir',
    dataDir,
  ]);
  const secret = out.split('\n').find((line) => line.startsWith('lp_'));
  if (!secret) throw new Error(`no token in: ${out}`);
  return secret.trim();
}

/**
 * Starts `lastplan serve` on a fresh PGlite folder for the browser tests. The demo seed (a year
 * and more of hourly samples) takes minutes on a busy machine, so the tests start empty
 * (LASTPLAN_DEMO=0), make their own tenant with the CLI and their own services over the API.
 * The URL and admin token reach the node-side commands (browser-commands.ts) through the
 * environment; the URL and a read token reach the tests through `inject('lastplan')`.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const dataDir = await mkdtemp(join(tmpdir(), 'lastplan-web-'));
  await cli([
    'tenants',
    'create',
    '--slug',
    'teststadt',
    '--name',
    'Teststadt',
    '--state',
    'BY',
    '--data-dir',
    dataDir,
  ]);
  const admin = await token(dataDir, 'admin');
  const readToken = await token(dataDir, 'read');
  const port = 20000 + Math.floor(Math.random() * 10000);
  const server = spawnProcess('node', ['bin/lastplan.js', 'serve'], {
    PORT: String(port),
    LASTPLAN_DATA_DIR: dataDir,
    LASTPLAN_DEMO: '0',
    LOG_LEVEL: 'warn',
    DATABASE_URL: '',
  });
  const stop = async () => {
    await server.stop();
    await rm(dataDir, { recursive: true, force: true });
  };
  try {
    await server.waitFor(/is running at/, 120_000);
    const url = `http://127.0.0.1:${port}`;
    process.env.LASTPLAN_WEB_TEST_URL = url;
    process.env.LASTPLAN_WEB_TEST_ADMIN = admin;
    await seed(url, admin);
    project.provide('lastplan', { url, readToken });
  } catch (error) {
    await stop();
    throw error;
  }
  return stop;
}

async function seed(url: string, admin: string): Promise<void> {
  const post = async (path: string, body: unknown) => {
    const response = await fetch(`${url}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
    return (await response.json()) as { id: string };
  };
  const briefwahl = await post('/v1/services', {
    key: 'briefwahl',
    name: 'Online-Wahlschein (Briefwahl)',
    owner: 'Wahlamt',
    costCentre: '1100',
  });
  const points = officeLoad(120, 30, 10);
  await post('/v1/metrics', {
    series: [{ service: 'briefwahl', metric: 'requests_per_second', unit: '1/s', points }],
  });
  // A Prometheus self-scrape: many series, all the exporter's own metrics (infrastructure).
  const scrape = points.slice(-48);
  const promSeries = [
    ...['0', '0.25', '0.5', '0.75', '1'].map((quantile) => ({
      metric: 'go_gc_duration_seconds',
      unit: 's',
      labels: { quantile, job: 'prometheus' },
    })),
    ...['alloc', 'heap', 'stack', 'sys'].map((kind) => ({
      metric: `go_memstats_${kind}_bytes`,
      unit: 'B',
      labels: { job: 'prometheus' },
    })),
    { metric: 'go_goroutines', unit: '1', labels: { job: 'prometheus' } },
    { metric: 'process_resident_memory_bytes', unit: 'B', labels: { job: 'prometheus' } },
    { metric: 'up', unit: '1', labels: { job: 'prometheus' } },
  ];
  await post('/v1/metrics', {
    series: promSeries.map((s) => ({ service: 'prometheus', ...s, points: scrape })),
  });
  await post('/v1/services', {
    key: 'kfz-zulassung',
    name: 'Kfz-Zulassung',
    owner: 'Ordnungsamt',
    costCentre: '3200',
  });
  // A capacity model, a plan to approve in the dashboard, and a grant that funds the service.
  const put = await fetch(`${url}/v1/services/${briefwahl.id}/capacity`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      driverMetric: 'requests_per_second',
      perVcpu: 20,
      minInstances: 1,
      maxInstances: 20,
      providers: ['hetzner'],
    }),
  });
  if (!put.ok) throw new Error(`capacity: ${put.status} ${await put.text()}`);
  await post('/v1/plans', { serviceId: briefwahl.id, horizon: 'P14D' });
  await post('/v1/grants', {
    programme: 'Digitalisierung Kommunal 2026-2027',
    funder: 'Freistaat Bayern',
    referenceNumber: 'DK-2026-0042',
    amount: '20000.00',
    period: { start: '2026-01-01', end: '2027-12-31' },
    eligibleServiceIds: [briefwahl.id],
    coFundingRate: '0.8',
  });
  await post('/v1/budgets', {
    name: 'IT-Betrieb Bürgerdienste',
    fiscalYear: new Date().getUTCFullYear(),
    amount: '50000.00',
    serviceIds: [briefwahl.id],
  });
  await post('/v1/events', {
    kind: 'election',
    name: 'Bundestagswahl',
    startsAt: '2027-01-18T00:00:00Z',
    endsAt: '2027-01-31T18:00:00Z',
    region: 'DE',
    serviceIds: [briefwahl.id],
  });
}
