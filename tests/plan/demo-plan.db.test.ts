import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../src/demo/seed-demo.ts';
import { silentLogger } from '../../src/logger.ts';
import type { Database } from '../../src/store/database.ts';
import { listSeriesOfService } from '../../src/store/series-store.ts';
import { findServiceByKey } from '../../src/store/service-store.ts';
import { withTenant } from '../../src/store/with-tenant.ts';
import { issueToken } from '../../src/tenancy-service/issue-token.ts';
import { openTestDatabase, testBackends } from '../support/databases.ts';
import { bearer, jsonRequest, testApp } from '../support/test-app.ts';

// Before postal-vote applications for the vote of 2027-01-31 open (2026-12-20), as in the forecast
// test of the demo vote: the whole rush lies in the horizon.
const NOW = new Date('2026-12-01T00:00:00Z');
const VOTE = Date.parse('2027-01-31T00:00:00+01:00');

interface Step {
  from: number;
  to: number;
  count: number;
  reason: string;
  fromIso: string;
}

describe.each(testBackends())('the demo plan for the upcoming vote on %s', (backend) => {
  let database: Database;
  let app: ReturnType<typeof testApp>['app'];
  let token: string;
  let serviceId: string;
  let tenantId: string;

  beforeAll(async () => {
    database = await openTestDatabase(backend);
    app = testApp(database, { clock: () => NOW }).app;
    const seed = await seedDemo(database, {
      now: NOW,
      newId: () => crypto.randomUUID(),
      logger: silentLogger,
    });
    if (!seed) throw new Error('the demo was not seeded');
    tenantId = seed.tenantId;
    token = (
      await issueToken(database, seed.tenantId, {
        id: crypto.randomUUID(),
        name: 'IT-Leitung',
        scopes: ['plan', 'read'],
        expiresAt: null,
      })
    ).secret;
    serviceId = (await withTenant(database, seed.tenantId, (tx) => findServiceByKey(tx, 'briefwahl')))!.id;
  }, 120_000);
  afterAll(() => database?.close());

  it('scales briefwahl up before the peak, down after it, and prices the range in EUR with the saving against static peak sizing', async () => {
    const res = await app.request('/v1/plans', jsonRequest('POST', token, { serviceId, horizon: 'P90D' }));
    const body = await res.json();
    expect(res.status, JSON.stringify(body).slice(0, 500)).toBe(201);
    const plan = body.plan;
    const steps = plan.steps as Step[];
    const peak = steps.reduce((a, b) => (b.count > a.count ? b : a));
    const first = steps[0]!;
    const last = steps.at(-1)!;
    // Up before the peak, which lies before the vote; down again after it.
    expect(peak.count).toBeGreaterThan(first.count);
    expect(peak.from).toBeLessThan(VOTE);
    expect(last.count).toBeLessThan(peak.count);
    expect(last.from).toBeGreaterThan(peak.from);
    // The plan sizes on the quantity the forecast widgets and the dashboard quote as the 95 % band's
    // upper end, under the same name, and the number it cites is the forecast's at that hour.
    const cited = /the 95 % band peak of ([\d.]+) requests_per_second at (\S+?Z)/.exec(peak.reason);
    expect(cited, peak.reason).not.toBeNull();
    expect(body.summary.quantileLabel).toBe('95 % band');
    const seriesId = await withTenant(database, tenantId, async (tx) => {
      const series = await listSeriesOfService(tx, serviceId);
      return series.find((s) => s.metric === 'requests_per_second')?.id ?? '';
    });
    const forecast = await (
      await app.request(`/v1/series/${seriesId}/forecast?horizon=P90D&levels=80,95`, {
        headers: bearer(token),
      })
    ).json();
    const at = forecast.timestamps.findIndex((t: string) => Date.parse(t) === Date.parse(cited?.[2] ?? ''));
    expect(at).toBeGreaterThanOrEqual(0);
    const upper95 = forecast.bands.find((b: { level: number }) => b.level === 95).upper[at] as number;
    // Reasons round to whole units from 100 up, else to one decimal.
    expect(Math.abs(Number(cited?.[1]) - upper95)).toBeLessThanOrEqual(upper95 >= 100 ? 0.5 : 0.05);
    // By election day the plan is back at the minimum and stays there.
    const after = steps.filter((s) => s.to > VOTE);
    expect(after.length).toBeGreaterThan(0);
    expect(after.every((s) => s.count === first.count)).toBe(true);
    expect(steps.some((s) => s.from < VOTE && s.count > first.count)).toBe(true);
    // A cost range in EUR: P50 below the planning quantile.
    expect(body.currency).toBe('EUR');
    expect(plan.pricing.currency).toBe('EUR');
    expect(Number(body.cost.p50)).toBeGreaterThan(0);
    expect(Number(body.cost.p50)).toBeLessThan(Number(body.cost.planning));
    // Static sizing for the peak costs more than pay-as-you-go at both ends of the range.
    const staticPeak = plan.alternatives.find((a: { kind: string }) => a.kind === 'static-peak');
    expect(Number(staticPeak.differenceToPayg.p50.amount)).toBeGreaterThan(0);
    expect(Number(staticPeak.differenceToPayg.planning.amount)).toBeGreaterThan(0);
    expect(body.summary).toMatchObject({
      instanceType: `${plan.instanceType.provider}/${plan.instanceType.name}`,
      peakInstances: peak.count,
    });
    expect(body.summary.savings.find((a: { kind: string }) => a.kind === 'static-peak').saving).toEqual({
      p50: staticPeak.differenceToPayg.p50.amount,
      planning: staticPeak.differenceToPayg.planning.amount,
    });
    if (process.env.PRINT_DEMO_PLAN) console.info(JSON.stringify(body.summary, null, 1));
    const stored = await app.request(`/v1/plans/${body.id}`, { headers: bearer(token) });
    expect((await stored.json()).plan).toEqual(plan);
  }, 120_000);
});
