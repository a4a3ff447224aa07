import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoLoad } from '../../src/demo/demo-load.ts';
import { seedDemo } from '../../src/demo/seed-demo.ts';
import { silentLogger } from '../../src/logger.ts';
import type { Database } from '../../src/store/database.ts';
import { listSeriesOfService } from '../../src/store/series-store.ts';
import { findServiceByKey } from '../../src/store/service-store.ts';
import { withTenant } from '../../src/store/with-tenant.ts';
import { openTestDatabase, testBackends } from '../support/databases.ts';
import { bearer, testApp } from '../support/test-app.ts';

// Before postal-vote applications for the vote of 2027-01-31 open (2026-12-20): the whole rush is
// ahead, and all the forecaster knows of it is what the two past elections did.
const NOW = new Date('2026-12-01T00:00:00Z');
const WINDOW_OPENS = Date.parse('2026-12-20T00:00:00+01:00');
const POLLS_CLOSE = Date.parse('2027-01-31T18:00:00+01:00');

describe.each(testBackends())('the demo vote of 2027-01-31 on %s', (backend) => {
  let database: Database;
  let app: ReturnType<typeof testApp>['app'];
  let token: string;
  let seriesId: string;

  beforeAll(async () => {
    database = await openTestDatabase(backend);
    const seed = await seedDemo(database, {
      now: NOW,
      newId: () => crypto.randomUUID(),
      logger: silentLogger,
    });
    if (!seed) throw new Error('demo not seeded');
    token = seed.readToken;
    app = testApp(database, { clock: () => NOW }).app;
    seriesId = await withTenant(database, seed.tenantId, async (tx) => {
      const service = await findServiceByKey(tx, 'briefwahl');
      const series = await listSeriesOfService(tx, service?.id ?? '');
      return series.find((s) => s.metric === 'requests_per_second')?.id ?? '';
    });
  }, 120_000);
  afterAll(() => database?.close());

  it('forecasts the postal-vote rush from the past elections, says so, and its 95 % band reaches the real peak', async () => {
    const res = await app.request(`/v1/series/${seriesId}/forecast?horizon=P62D&levels=80,95`, {
      headers: bearer(token),
    });
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.dataUntil).toBe(NOW.toISOString());
    const times: number[] = body.timestamps.map((t: string) => Date.parse(t));
    expect(times.at(-1)).toBeGreaterThanOrEqual(POLLS_CLOSE);
    const before = body.mean.filter((_: number, h: number) => (times[h] as number) < WINDOW_OPENS);
    const during = body.mean.filter(
      (_: number, h: number) => (times[h] as number) >= WINDOW_OPENS && (times[h] as number) < POLLS_CLOSE,
    );
    const normalPeak = Math.max(...before);
    const votePeak = Math.max(...during);
    expect(votePeak).toBeGreaterThan(4 * normalPeak);

    const learned = body.components.events
      .filter((e: { source: string }) => e.source === 'learned')
      .map((e: { name: string; kind: string; occurrences: number; uplift: number }) => e);
    expect(learned).toEqual([
      expect.objectContaining({
        kind: 'election',
        name: 'Bürgerentscheid Musterstadt (Hallenbad)',
        occurrences: 2,
      }),
      expect.objectContaining({
        kind: 'deadline',
        name: 'Briefwahl-Endspurt Bürgerentscheid Musterstadt (Hallenbad)',
        occurrences: 2,
      }),
    ]);
    for (const effect of learned) expect(effect.uplift).toBeGreaterThan(3);
    expect(
      body.components.events
        .filter((e: { source: string; kind: string }) => e.source === 'past' && e.kind === 'election')
        .map((e: { name: string }) => e.name),
    ).toEqual(['Bundestagswahl 2025', 'Kommunalwahl Bayern 2026']);
    expect(body.explanation).toContain('Bürgerentscheid Musterstadt (Hallenbad)');
    expect(body.explanation).toContain('previous two');

    // What the demo's load generator will actually produce: the 95 % band, on which capacity is
    // planned, reaches the real peak of the rush.
    const actual = demoLoad(Date.parse('2025-01-01T00:00:00Z'), POLLS_CLOSE)
      .find((s) => s.service.key === 'briefwahl' && s.metric === 'requests_per_second')
      ?.points.filter((p) => p.ts >= WINDOW_OPENS)
      .map((p) => p.value) as number[];
    const upper95 = body.bands.find((b: { level: number }) => b.level === 95).upper as number[];
    const bandPeak = Math.max(...upper95.filter((_, h) => (times[h] as number) >= WINDOW_OPENS));
    expect(bandPeak).toBeGreaterThan(0.9 * Math.max(...actual));
  });
});
