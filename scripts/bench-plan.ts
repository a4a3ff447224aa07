/**
 * `npm run bench:plan`: plans one service for one year hourly across every instance type of every
 * provider in fixtures/pricing/catalog.json (rightsizing, schedules on P50 and the planning
 * quantile, costs, alternatives), prints milliseconds, then the time for 1,000 services.
 *
 * Demand is synthetic and seeded (office hours, weekends, an election day, noise), so runs are
 * comparable. When the forecaster can be loaded it forecasts the same series first and its time is
 * printed next to the planning time (the target: planning below 20 % of the forecast).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseCatalog } from '../src/cost/price-catalog.ts';
import { money } from '../src/domain/money.ts';
import { buildPlan, type PlanInput } from '../src/plan/build-plan.ts';
import type { DemandForecast } from '../src/plan/demand.ts';

const HOUR = 3_600_000;
const STEPS = 8760;
const START = Date.UTC(2027, 0, 4);
const ELECTION_DAY = 264; // 2027-09-26, a Sunday

const bundle = parseCatalog(
  JSON.parse(readFileSync(join(import.meta.dirname, '..', 'fixtures', 'pricing', 'catalog.json'), 'utf8')),
);
const types = bundle.catalogs.reduce((n, c) => n + c.instanceTypes.length, 0);

/** Mulberry32: a small seeded generator, so every run plans the same demand. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function synthetic(seed: number, scale: number): number[] {
  const next = random(seed);
  return Array.from({ length: STEPS }, (_, i) => {
    const hour = (i + 1) % 24; // Berlin winter time, roughly
    const day = Math.floor(i / 24);
    const weekend = day % 7 >= 5;
    let load = weekend ? 40 : hour >= 7 && hour < 18 ? 220 : 60;
    if (day === ELECTION_DAY && hour >= 8 && hour < 18) load *= 6;
    return scale * load * (0.9 + 0.2 * next());
  });
}

function demandFrom(series: number[]): DemandForecast {
  return {
    start: START,
    stepMs: HOUR,
    p50: series,
    planning: series.map((v) => v * 1.25),
    quantile: 0.95,
    events: [
      {
        name: 'Bundestagswahl',
        start: START + ELECTION_DAY * 24 * HOUR,
        end: START + (ELECTION_DAY + 1) * 24 * HOUR,
      },
    ],
  };
}

function input(demand: DemandForecast): PlanInput {
  return {
    demand,
    model: {
      driverMetric: 'requests_per_second',
      perVcpu: 50,
      targetUtilisation: 0.7,
      minInstances: 2,
      maxInstances: 200,
      leadTimeMs: 2 * HOUR,
      scaleDownDelayMs: 3 * HOUR,
      minStepMs: 4 * HOUR,
      quantile: 0.95,
    },
    catalogs: bundle.catalogs,
    pricing: { vat: 'gross', fx: bundle.fxRates },
    resources: {
      blockGib: 500,
      egressGib: demand.p50.map((v) => v / 100),
      backup: { policy: { retentionDays: 28, dailyChangeRate: 0.05 }, targetProvider: 'stackit' },
    },
    current: { provider: 'hetzner', instanceType: 'CX43', count: 6 },
    ownHardware: {
      capexPerServer: money('18000', 'EUR'),
      lifeYears: 5,
      opexPerServerYear: money('2500', 'EUR'),
      capacityPerServer: 1500,
      basis: 'gross',
    },
  };
}

function time<T>(run: () => T): { ms: number; result: T } {
  const t0 = performance.now();
  const result = run();
  return { ms: performance.now() - t0, result };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;

type Forecaster = () => unknown;

async function loadForecaster(history: number[]): Promise<Forecaster | undefined> {
  try {
    const { forecast } = await import('../src/forecast/forecast.ts');
    return () =>
      forecast({
        start: START - STEPS * HOUR,
        stepMs: HOUR,
        values: history,
        horizon: STEPS,
        levels: [90],
        resolution: 'native',
      });
  } catch (error) {
    console.log(`forecaster not usable here (${(error as Error).message})`);
    return undefined;
  }
}

const demand = demandFrom(synthetic(1, 1));
const runPlan = () => buildPlan(input(demand));
const forecaster = await loadForecaster(synthetic(2, 1));
// Warm both up, then alternate them so that load from other processes hits both alike.
for (let i = 0; i < 30; i++) runPlan();
for (let i = 0; i < 3; i++) forecaster?.();
const planTimes: number[] = [];
const forecastTimes: number[] = [];
for (let i = 0; i < 21; i++) {
  planTimes.push(time(runPlan).ms);
  if (forecaster && i % 3 === 0) forecastTimes.push(time(forecaster).ms);
}
const plan = runPlan();
const planMs = median(planTimes);

console.log(
  `catalog: ${bundle.catalogs.length} providers, ${types} instance types (version ${bundle.generated})`,
);
console.log(`demand: synthetic, seeded, ${STEPS} hourly steps, P50 and P95 (= P50 × 1.25), one election day`);
console.log(
  `plan one service, one year hourly, all types: ${planMs.toFixed(1)} ms (median of 21 after 30 warm-up runs)`,
);
console.log(
  `  chosen ${plan.instanceType.provider}/${plan.instanceType.name}, ${plan.steps.length} steps, ` +
    `${plan.rightsizing.runnersUp.length} runners-up, ${plan.rightsizing.infeasible.length} infeasible, ${plan.alternatives.length} alternatives`,
);
if (forecastTimes.length === 0) {
  console.log('forecast time: not measured; demand is synthetic (compare with `npm run bench:forecast`)');
} else {
  const forecastMs = median(forecastTimes);
  const share = (100 * planMs) / forecastMs;
  console.log(
    `forecast of a same-length series (one year of hourly history, one year hourly ahead, native resolution): ` +
      `${forecastMs.toFixed(1)} ms (median of ${forecastTimes.length}, interleaved); planning is ${share.toFixed(1)} % of it ` +
      `(target < 20 %: ${share < 20 ? 'met' : 'NOT met'})`,
  );
}

const services = Array.from({ length: 1000 }, (_, s) => demandFrom(synthetic(100 + s, 0.5 + (s % 20) / 4)));
const batch = time(() => {
  for (const d of services) buildPlan(input(d));
});
console.log(
  `1,000 services: ${(batch.ms / 1000).toFixed(2)} s (${(batch.ms / 1000).toFixed(2)} ms per service, one process)`,
);

/**
 * End to end through the API on the demo tenant (PGlite in memory): read rollups, forecast the
 * driver metric, plan across the capacity model's providers, store the plan version. Skipped with
 * BENCH_PLAN_HTTP=0.
 */
async function benchHttp(): Promise<void> {
  const [
    { createApp },
    { seedDemo },
    { silentLogger },
    { openPglite },
    { migrate },
    { issueToken },
    services,
    tx,
  ] = await Promise.all([
    import('../src/app.ts'),
    import('../src/demo/seed-demo.ts'),
    import('../src/logger.ts'),
    import('../src/store/open-pglite.ts'),
    import('../src/store/migrate.ts'),
    import('../src/tenancy-service/issue-token.ts'),
    import('../src/store/service-store.ts'),
    import('../src/store/with-tenant.ts'),
  ]);
  const now = new Date('2026-12-01T00:00:00Z');
  const database = await openPglite({ dataDir: 'memory://' });
  try {
    await migrate(database);
    const seed = await seedDemo(database, { now, newId: () => crypto.randomUUID(), logger: silentLogger });
    if (!seed) return;
    const token = (
      await issueToken(database, seed.tenantId, {
        id: crypto.randomUUID(),
        name: 'bench',
        scopes: ['plan'],
        expiresAt: null,
      })
    ).secret;
    const serviceId = (await tx.withTenant(database, seed.tenantId, (t) =>
      services.findServiceByKey(t, 'briefwahl'),
    ))!.id;
    const app = createApp({
      database,
      clock: () => now,
      newId: () => crypto.randomUUID(),
      logger: silentLogger,
      maxBodyBytes: 1 << 20,
      version: 'bench',
    });
    for (const horizon of ['P90D', 'P366D']) {
      const times: number[] = [];
      let bytes = 0;
      for (let i = 0; i < 6; i++) {
        const t0 = performance.now();
        const res = await app.request('/v1/plans', {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body: JSON.stringify({ serviceId, horizon }),
        });
        bytes = (await res.text()).length;
        if (res.status !== 201) throw new Error(`POST /v1/plans answered ${res.status}`);
        if (i > 0) times.push(performance.now() - t0);
      }
      console.log(
        `POST /v1/plans, demo briefwahl, ${horizon} from ${now.toISOString().slice(0, 10)} (PGlite, forecast + plan + store): ` +
          `${median(times).toFixed(0)} ms (median of ${times.length}), response ${(bytes / 1024).toFixed(0)} KiB`,
      );
    }
  } finally {
    await database.close();
  }
}

if (process.env.BENCH_PLAN_HTTP !== '0') await benchHttp();
