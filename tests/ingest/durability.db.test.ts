/**
 * Durability: a stream of batches goes to a running server, which is killed with SIGKILL while
 * batches are in flight; after a restart every acknowledged sample is there (PGlite in its data
 * folder; PostgreSQL when TEST_DATABASE_URL is set).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { testBackends } from '../support/databases.ts';
import { readService, type ServerDatabase, serverDatabase } from './ingest-server.ts';

const POINTS = 500;
const start = Date.now() - 20 * 3_600_000;

function batch(n: number) {
  return {
    series: [
      {
        service: 'dauerhaft',
        metric: 'cpu_cores',
        unit: 'cores',
        labels: { batch: 'all' },
        points: Array.from({ length: POINTS }, (_, i) => [start + (n * POINTS + i) * 100, n + i / 1000]),
      },
    ],
  };
}

describe.each(testBackends())('SIGKILL during ingestion on %s', (backend) => {
  let db: ServerDatabase | undefined;
  afterAll(() => db?.dispose());

  it('keeps every acknowledged sample', async () => {
    db = await serverDatabase(backend);
    const first = await db.start();
    const acknowledged: number[] = [];
    let sent = 0;
    let killing = false;
    const sender = async () => {
      for (;;) {
        const n = sent++;
        try {
          const res = await fetch(`${first.url}/v1/metrics`, {
            method: 'POST',
            headers: { authorization: `Bearer ${db?.token}`, 'content-type': 'application/json' },
            body: JSON.stringify(batch(n)),
          });
          if (res.status !== 200) throw new Error(`batch ${n} answered ${res.status}: ${await res.text()}`);
          await res.json();
          acknowledged.push(n);
        } catch (error) {
          if (!killing) throw error;
          return;
        }
      }
    };
    const senders = [sender(), sender()];
    while (acknowledged.length < 6) await new Promise((r) => setTimeout(r, 20));
    killing = true;
    await first.server.stop('SIGKILL');
    await Promise.all(senders);
    expect(acknowledged.length).toBeGreaterThanOrEqual(6);

    const second = await db.start();
    try {
      const stored = await readService(
        second.url,
        db.token,
        'dauerhaft',
        new Date(start).toISOString(),
        new Date(start + sent * POINTS * 100 + 1).toISOString(),
      );
      const have = new Set(stored[0]?.points.map((p) => Date.parse(p.ts)));
      const missing = acknowledged.flatMap((n) =>
        Array.from({ length: POINTS }, (_, i) => start + (n * POINTS + i) * 100).filter(
          (ts) => !have.has(ts),
        ),
      );
      expect(missing).toEqual([]);
    } finally {
      await second.server.stop();
    }
  }, 180_000);
});
