import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { jobCatalog } from '../../src/jobs/job-catalog.ts';
import type { JobContext } from '../../src/jobs/job-context.ts';
import { type JobRunner, startJobs, tenantRunId } from '../../src/jobs/start-jobs.ts';
import { silentLogger } from '../../src/logger.ts';
import { parseOutboundAllowlist } from '../../src/outbound/outbound-allowlist.ts';
import type { Database } from '../../src/store/database.ts';
import { listJobStates } from '../../src/store/job-state-store.ts';
import { openPostgres } from '../../src/store/open-postgres.ts';
import { csvRequest, type FinanceTenant, seedFinanceTenant } from '../finance/finance-setup.ts';
import { openTestDatabase, testBackends } from '../support/databases.ts';
import { fakeIo } from '../support/fake-io.ts';
import { spawnProcess } from '../support/spawn-server.ts';
import { bearer, jsonRequest, testApp } from '../support/test-app.ts';
import { hangingJob } from './hanging-job.ts';

const now = new Date('2026-06-30T08:00:00Z');
const names = jobCatalog.map((job) => job.name);

/** Counts the webhook deliveries that arrive, by their delivery id. */
async function countingReceiver(): Promise<{ server: Server; url: string; deliveries: string[] }> {
  const deliveries: string[] = [];
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      deliveries.push(String(req.headers['x-lastplan-delivery']));
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, deliveries };
}

async function until(check: () => Promise<boolean>, ms = 60_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

describe.each(testBackends())('scheduled jobs on pg-boss on %s', { timeout: 180_000 }, (backend) => {
  let database: Database & { url?: string };
  let second: Database;
  let tenant: FinanceTenant;
  let hook: Awaited<ReturnType<typeof countingReceiver>>;
  const runners: JobRunner[] = [];

  function context(db: Database): JobContext {
    return {
      database: db,
      logger: silentLogger,
      clock: () => now,
      retentionDays: 0,
      fxMaxAgeDays: 14,
      outbound: { allow: parseOutboundAllowlist('127.0.0.1') },
    };
  }

  beforeAll(async () => {
    database = await openTestDatabase(backend);
    // A second instance: on PostgreSQL its own connection pool, as a second Node process has;
    // PGlite is one process's database, so there both runners share it.
    second = database.url ? openPostgres(database.url, { max: 2 }) : database;
    const { app } = testApp(database, { clock: () => now, outbound: context(database).outbound });
    tenant = await seedFinanceTenant(database, 'jobs');
    hook = await countingReceiver();
    const lines = ['date,service,category,amount,currency'];
    for (let d = 1; d <= 30; d++)
      lines.push(`2026-06-${String(d).padStart(2, '0')},wahlschein,compute,100.00,EUR`);
    await app.request('/v1/costs/imports', csvRequest(tenant.tokens.finance, lines.join('\n')));
    await app.request(
      '/v1/grants',
      jsonRequest('POST', tenant.tokens.finance, {
        programme: 'Jobtest',
        funder: 'Land',
        referenceNumber: 'J-1',
        amount: '4000',
        period: { start: '2026-06-01', end: '2026-07-31' },
        eligibleServiceIds: [tenant.services.wahlschein],
        coFundingRate: '1',
        alerts: { thresholds: [50] },
      }),
    );
    await app.request(
      '/v1/alerts/webhook',
      jsonRequest('PUT', tenant.tokens.finance, { url: hook.url, secret: 'whsec_jobs_0123456789' }),
    );
    for (const db of [database, second]) {
      runners.push(await startJobs(context(db), { schedule: false, pollingIntervalSeconds: 0.5 }));
    }
  });
  afterAll(async () => {
    await Promise.all(runners.map((runner) => runner.stop(5_000)));
    hook?.server.close();
    if (second !== database) await second?.close();
    await database?.close();
  });

  async function settled(name: string, runs: number) {
    await until(async () => {
      const [state] = await listJobStates(database, [name], now);
      return (
        state?.queued === 0 &&
        state.active === 0 &&
        state.lastRun !== null &&
        (await finishedRuns(name)) >= runs
      );
    });
  }

  async function finishedRuns(name: string): Promise<number> {
    const found = await sql<{ n: number }>`
      select count(*)::int as n from (select name, state from lastplan_jobs.job union all select name, state from lastplan_jobs.archive) runs
      where name = ${name} and state = 'completed'`.execute(database.db);
    return found.rows[0]?.n ?? 0;
  }

  it('splits the forecast refresh by tenant: one run per tenant, taken by any instance, none twice', async () => {
    const [a] = runners as [JobRunner, JobRunner];
    const run = await a.runNow('forecast-refresh');
    expect(run).toBeDefined();
    const tenants = (await sql<{ n: number }>`select count(*)::int as n from tenants`.execute(database.db))
      .rows[0]?.n;
    await until(async () => (await finishedRuns('forecast-refresh.tenant')) >= (tenants ?? 1));
    const runs = await sql<{ tenant: string; n: number; id: string }>`
      select data->>'tenantId' as tenant, count(*)::int as n, min(id::text) as id
      from (select name, id, data from lastplan_jobs.job union all select name, id, data from lastplan_jobs.archive) runs
      where name = 'forecast-refresh.tenant' group by 1`.execute(database.db);
    expect(runs.rows).toHaveLength(tenants ?? 0);
    for (const row of runs.rows) {
      expect(row.n).toBe(1);
      // A retried run queues its tenants under the same ids, which the queue ignores.
      expect(row.id).toBe(tenantRunId(run as string, row.tenant));
    }
  });

  it('delivers each alert once although two instances run the alert job', async () => {
    const [a, b] = runners as [JobRunner, JobRunner];
    const first = await a.runNow('alerts');
    expect(first).toMatch(/^[0-9a-f-]{36}$/);
    await b.runNow('alerts'); // queued behind the first, or refused while one waits
    await settled('alerts', 1);
    await a.runNow('alerts');
    await settled('alerts', 2);
    // actual 3000 and forecast 6100 of 4000 cross 50 %: two crossings, each delivered once.
    expect(hook.deliveries.sort()).toEqual([
      expect.stringMatching(/:actual:50$/),
      expect.stringMatching(/:forecast:50$/),
    ]);
    const [state] = await listJobStates(database, ['alerts'], now);
    expect(state?.lastRun).toMatchObject({ state: 'completed' });
  });

  it("books yesterday's computed costs once, however often and wherever the job runs", async () => {
    const computedRows = async () =>
      (
        await sql<{
          n: number;
        }>`select count(*)::int as n from cost_records where source = 'computed'`.execute(database.db)
      ).rows[0]?.n ?? 0;
    const [a, b] = runners as [JobRunner, JobRunner];
    await a.runNow('computed-costs');
    await settled('computed-costs', 1);
    const once = await computedRows();
    await b.runNow('computed-costs');
    await settled('computed-costs', 2);
    expect(await computedRows()).toBe(once);
  });

  it('lists every job with its schedule and last run', async () => {
    const states = await listJobStates(database, names, now);
    expect(states.map((state) => state.name)).toEqual(names);
    expect(states.find((state) => state.name === 'alerts')?.lastRun?.output).toMatchObject({ raised: 0 });
  });

  it('shows the jobs to an admin at GET /v1/jobs, and to nobody else', async () => {
    const { app } = testApp(database, { clock: () => now });
    const response = await app.request('/v1/jobs', { headers: bearer(tenant.tokens.admin) });
    expect(response.status).toBe(200);
    const body = (await response.json()) as {
      items: { name: string; cron: string; lastRun: { state: string } | null }[];
    };
    expect(body.items.map((item) => item.name)).toEqual(names);
    expect(body.items.find((item) => item.name === 'alerts')).toMatchObject({
      cron: '* * * * *',
      lastRun: { state: 'completed' },
    });
    const refused = await app.request('/v1/jobs', { headers: bearer(tenant.tokens.finance) });
    expect(refused.status).toBe(403);
  });

  it('lists and queues jobs from the command line', async () => {
    const target = database.url ? ['--database-url', database.url] : undefined;
    if (!target) return; // a PGlite database in memory has no folder for the CLI to open
    const queued = fakeIo();
    expect(await main(['jobs', 'run', 'forecast-refresh', ...target], queued), queued.err()).toBe(0);
    expect(queued.out()).toMatch(/^queued forecast-refresh \(run [0-9a-f-]{36}\)\n$/);
    await settled('forecast-refresh', 1);
    const listed = fakeIo();
    expect(await main(['jobs', 'list', ...target], listed)).toBe(0);
    expect(listed.out()).toMatch(/^forecast-refresh +0 2 \* \* \* .* last: completed /m);
    const unknown = fakeIo();
    expect(await main(['jobs', 'run', 'nightly', ...target], unknown)).toBe(2);
    expect(unknown.err()).toMatch(
      /no job named "nightly"; the jobs are alerts, computed-costs, forecast-refresh/,
    );
  });

  it.runIf(backend === 'postgres')(
    'retries a run on another instance when the one running it is killed (kill -9)',
    async () => {
      const doomed = spawnProcess('npx', ['tsx', 'tests/jobs/hanging-job-instance.ts', 'send'], {
        DATABASE_URL: database.url,
      });
      await doomed.waitFor(/probe-hang started/, 60_000);
      await doomed.stop('SIGKILL');
      let finished = 0;
      const survivor = await startJobs(context(second), {
        catalog: [
          hangingJob(async () => {
            finished += 1;
          }),
        ],
        schedule: false,
        pollingIntervalSeconds: 0.5,
        superviseIntervalSeconds: 1,
      });
      try {
        await until(async () => finished === 1 && (await finishedRuns('probe-hang')) === 1, 90_000);
        const [state] = await listJobStates(database, ['probe-hang'], now);
        expect(state?.lastRun).toMatchObject({ state: 'completed', retryCount: 1 });
      } finally {
        await survivor.stop(2_000);
      }
    },
  );
});
