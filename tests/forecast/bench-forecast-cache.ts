/**
 * Prints how long the demo's briefwahl `requests_per_second` forecast takes on a cache miss and on
 * a hit, through the real app on PGlite: `npx tsx tests/forecast/bench-forecast-cache.ts`.
 * Also prints the election peak and the explanation. Figures, not assertions.
 */
import { seedDemo } from '../../src/demo/seed-demo.ts';
import { silentLogger } from '../../src/logger.ts';
import { migrate } from '../../src/store/migrate.ts';
import { openPglite } from '../../src/store/open-pglite.ts';
import { listSeriesOfService } from '../../src/store/series-store.ts';
import { findServiceByKey } from '../../src/store/service-store.ts';
import { withTenant } from '../../src/store/with-tenant.ts';
import { bearer, testApp } from '../support/test-app.ts';

const now = new Date(process.argv[2] ?? '2026-12-01T00:00:00Z');
const horizons = (process.argv[3] ?? 'P2D,P14D,P62D,P366D').split(',');
const database = await openPglite({ dataDir: 'memory://' });
await migrate(database);
const seed = await seedDemo(database, { now, newId: () => crypto.randomUUID(), logger: silentLogger });
if (!seed) throw new Error('demo not seeded');
const seriesId = await withTenant(database, seed.tenantId, async (tx) => {
  const service = await findServiceByKey(tx, 'briefwahl');
  return (await listSeriesOfService(tx, service?.id ?? '')).find((s) => s.metric === 'requests_per_second')
    ?.id;
});
let round = 0;
const { app } = testApp(database, { clock: () => now });
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
console.log(`demo seeded at ${now.toISOString()}; briefwahl requests_per_second ${seriesId}`);
console.log('horizon  miss ms (median of 3)  hit ms (median of 5)  bytes');
for (const horizon of horizons) {
  const misses: number[] = [];
  const hits: number[] = [];
  let bytes = 0;
  let last: { mean: number[]; timestamps: string[]; explanation: string } | undefined;
  for (let i = 0; i < 3; i++) {
    // A new level set each time is a new cache entry: a miss.
    const url = `/v1/series/${seriesId}/forecast?horizon=${horizon}&levels=80,95,${90 + (round++ % 9) + 0.5}`;
    let t = performance.now();
    const miss = await app.request(url, { headers: bearer(seed.readToken) });
    const text = await miss.text();
    misses.push(performance.now() - t);
    if (miss.headers.get('x-lastplan-cache') !== 'miss')
      throw new Error(`expected a miss: ${text.slice(0, 300)}`);
    bytes = text.length;
    last = JSON.parse(text);
    for (let j = 0; j < (i === 0 ? 5 : 0); j++) {
      t = performance.now();
      const hit = await app.request(url, { headers: bearer(seed.readToken) });
      await hit.text();
      hits.push(performance.now() - t);
      if (hit.headers.get('x-lastplan-cache') !== 'hit') throw new Error('expected a hit');
    }
  }
  console.log(
    `${horizon.padEnd(8)} ${median(misses).toFixed(0).padStart(8)} ${median(hits).toFixed(0).padStart(20)} ${String(bytes).padStart(20)}`,
  );
  if (last) {
    const peak = Math.max(...last.mean);
    console.log(
      `  peak ${peak.toFixed(2)} 1/s at ${last.timestamps[last.mean.indexOf(peak)]}; ${last.explanation}`,
    );
  }
}
await database.close();
