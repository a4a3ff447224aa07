/**
 * `lastplan serve` on PostgreSQL through a real outage: the server is cut off the network (a TCP
 * forwarder closed, its sessions terminated) while requests and transactions keep arriving, and
 * must neither die (postgres.js 3.4.9 throws an uncaught TypeError when it writes on a connection
 * that has just closed) nor stay dead once the database is back (it strands a connection for
 * every reservation that failed during the outage).
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, postgresUrl } from '../support/databases.ts';
import { type Spawned, spawnProcess } from '../support/spawn-server.ts';
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy.ts';

describe.runIf(postgresUrl() || process.env.REQUIRE_POSTGRES === '1')(
  'lastplan serve on PostgreSQL while the database goes away and comes back',
  () => {
    const port = 25_000 + Math.floor(Math.random() * 4000);
    const base = `http://127.0.0.1:${port}`;
    let admin: Awaited<ReturnType<typeof openTestDatabase>>;
    let proxy: TcpProxy;
    let server: Spawned;
    let token: string;

    beforeAll(async () => {
      admin = await openTestDatabase('postgres', { migrated: false });
      const target = new URL(admin.url as string);
      proxy = await startTcpProxy(target.hostname, Number(target.port || 5432));
      const viaProxy = new URL(target);
      viaProxy.port = String(proxy.port);
      server = spawnProcess(process.execPath, ['bin/lastplan.js', 'serve'], {
        DATABASE_URL: viaProxy.toString(),
        PORT: String(port),
        LOG_LEVEL: 'warn',
        LASTPLAN_DEMO: '1',
      });
      token = (await server.waitFor(/demo token \(read, plan, finance\): (lp_\S+)/, 300_000))[1] as string;
      await server.waitFor(/is running at/, 60_000);
    }, 320_000);

    afterAll(async () => {
      await server?.stop('SIGKILL');
      await proxy?.close();
      await admin?.close();
    });

    it('stays up through the outage and serves again without a restart', async () => {
      const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
      // A refused or reset connection is a status too (0): the server died.
      const read = () =>
        fetch(`${base}/v1/services`, { headers }).then(
          (r) => r.status,
          () => 0,
        );
      const write = (n: number) =>
        fetch(`${base}/v1/events`, {
          method: 'POST',
          headers,
          body: JSON.stringify({
            name: `Ausfalltest ${n}`,
            kind: 'election',
            startsAt: '2027-03-01T07:00:00Z',
            endsAt: '2027-03-01T18:00:00Z',
            expectedUplift: '0.2',
          }),
        }).then(
          (r) => r.status,
          () => 0,
        );
      expect(await read()).toBe(200);

      await proxy.cut();
      await sql`select pg_terminate_backend(pid) from pg_stat_activity
        where datname = current_database() and pid <> pg_backend_pid()`.execute(admin.db);
      const during: number[] = [];
      for (let round = 0; round < 8; round++) {
        during.push(...(await Promise.all([read(), write(round), read(), write(round + 100)])));
      }
      expect(new Set(during), server.output()).toEqual(new Set([503]));

      await proxy.restore();
      let status = 0;
      for (let waited = 0; waited < 30_000 && status !== 200; waited += 500) {
        status = await Promise.race([read(), new Promise<number>((r) => setTimeout(() => r(0), 5_000))]);
        if (status !== 200) await new Promise((r) => setTimeout(r, 500));
      }
      expect(server.child.exitCode, server.output()).toBeNull();
      expect(status, server.output()).toBe(200);
      expect(await write(999)).toBe(201);
    }, 120_000);
  },
);
