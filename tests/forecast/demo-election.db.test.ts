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

const DAY = 86_400_000;
const WINDOW_OPENS = Date.parse('2026-12-20T00:00:00+01:00');
const POLLS_CLOSE = Date.parse('2027-01-31T18:00:00+01:00');
const VOTE = 'Bürgerentscheid Musterstadt (Hallenbad)';

// What the demo's load generator produces for the briefwahl service (it is deterministic). The 95 %
// band reaches 107 % of the rush's real peak from 2026-12-01 and 86 % from 2027-01-10 (a constant
// uplift per event cannot follow the ramp inside it); 80 % is the floor that catches a regression.
const actual = (
  demoLoad(Date.parse('2025-01-01T00:00:00Z'), POLLS_CLOSE).find(
    (s) => s.service.key === 'briefwahl' && s.metric === 'requests_per_second',
  )?.points ?? []
).filter((p) => p.ts >= WINDOW_OPENS - 28 * DAY);
const normalPeak = Math.max(...actual.filter((p) => p.ts < WINDOW_OPENS).map((p) => p.value));
const rushPeak = Math.max(...actual.filter((p) => p.ts >= WINDOW_OPENS).map((p) => p.value));

// Before postal-vote applications open, the whole rush is ahead and all the forecaster knows of
// it is what the two past elections did; on 2027-01-10 the rush is under way, its last week ahead.
const cases = testBackends().flatMap((backend) => [
  { backend, now: new Date('2026-12-01T00:00:00Z'), horizon: 'P62D', learned: ['election', 'deadline'] },
  { backend, now: new Date('2027-01-10T00:00:00Z'), horizon: 'P22D', learned: ['deadline'] },
]);

describe.each(cases)(
  'the demo vote of 2027-01-31 on $backend at $now',
  ({ backend, now, horizon, learned }) => {
    let database: Database;
    let app: ReturnType<typeof testApp>['app'];
    let token: string;
    let seriesId: string;

    beforeAll(async () => {
      database = await openTestDatabase(backend);
      const seed = await seedDemo(database, { now, newId: () => crypto.randomUUID(), logger: silentLogger });
      if (!seed) throw new Error('demo not seeded');
      token = seed.readToken;
      app = testApp(database, { clock: () => now }).app;
      seriesId = await withTenant(database, seed.tenantId, async (tx) => {
        const service = await findServiceByKey(tx, 'briefwahl');
        const series = await listSeriesOfService(tx, service?.id ?? '');
        return series.find((s) => s.metric === 'requests_per_second')?.id ?? '';
      });
    }, 120_000);
    afterAll(() => database?.close());

    it('forecasts the postal-vote rush from the past elections, says so, and its 95 % band nears the real peak', async () => {
      const res = await app.request(`/v1/series/${seriesId}/forecast?horizon=${horizon}&levels=80,95`, {
        headers: bearer(token),
      });
      expect(res.status).toBe(200);
      const body = await res.json();
      expect(body.dataUntil).toBe(now.toISOString());
      const times: number[] = body.timestamps.map((t: string) => Date.parse(t));
      expect(times.at(-1)).toBeGreaterThanOrEqual(POLLS_CLOSE);
      const inRush = (h: number) =>
        (times[h] as number) >= WINDOW_OPENS && (times[h] as number) < POLLS_CLOSE;
      const votePeak = Math.max(...body.mean.filter((_: number, h: number) => inRush(h)));
      expect(votePeak).toBeGreaterThan(4 * normalPeak);
      const upper95 = body.bands.find((b: { level: number }) => b.level === 95).upper as number[];
      expect(Math.max(...upper95.filter((_, h) => inRush(h)))).toBeGreaterThan(0.8 * rushPeak);

      const effects = body.components.events as {
        name: string;
        kind: string;
        source: string;
        occurrences: number;
        uplift: number;
      }[];
      const learnedEffects = effects.filter((e) => e.source === 'learned');
      expect(learnedEffects.map((e) => e.kind)).toEqual(learned);
      for (const effect of learnedEffects) {
        expect(effect.name).toContain(VOTE);
        expect(effect.occurrences).toBe(2);
        expect(effect.uplift).toBeGreaterThan(3);
      }
      expect(effects.filter((e) => e.source === 'past' && e.kind === 'election').map((e) => e.name)).toEqual(
        expect.arrayContaining(['Bundestagswahl 2025', 'Kommunalwahl Bayern 2026']),
      );
      expect(body.explanation).toContain(VOTE);
      expect(body.explanation).toContain('previous two');
    });

    it('names the same peak at P90D (daily model, hourly answer) as at P60D (hourly model): within 10 %, same day, a real local hour', async () => {
      const get = async (h: string) => {
        const res = await app.request(`/v1/series/${seriesId}/forecast?horizon=${h}&levels=80,95`, {
          headers: bearer(token),
        });
        expect(res.status).toBe(200);
        return res.json();
      };
      const hourly = await get('P60D');
      const long = await get('P90D');
      expect(hourly.resolution).toBe('native');
      expect(long.resolution).toBe('daily');
      expect(long.step).toBe('PT1H');
      expect(long.mean).toHaveLength(90 * 24);
      const berlinDay = (iso: string) =>
        new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Berlin' }).format(new Date(iso));
      const berlinHour = (iso: string) =>
        Number(
          new Intl.DateTimeFormat('en-GB', {
            timeZone: 'Europe/Berlin',
            hour: '2-digit',
            hourCycle: 'h23',
          }).format(new Date(iso)),
        );
      expect(berlinDay(long.peak.at)).toBe(berlinDay(hourly.peak.at));
      expect(Math.abs(long.peak.mean / hourly.peak.mean - 1)).toBeLessThan(0.1);
      expect(berlinHour(long.peak.at)).toBeGreaterThanOrEqual(8);
      expect(berlinHour(long.peak.at)).toBeLessThanOrEqual(16);
      // The peak is the highest hour of the answer, with its bands at that hour.
      expect(long.peak.mean).toBe(Math.max(...long.mean));
      const step = long.timestamps.indexOf(long.peak.at);
      const band95 = long.bands.find((b: { level: number }) => b.level === 95);
      expect(long.peak.bands.find((b: { level: number }) => b.level === 95).upper).toBe(band95.upper[step]);
      expect(long.peak.bands.find((b: { level: number }) => b.level === 95).upper).toBeGreaterThan(
        long.peak.mean,
      );
    });
  },
);
