import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import type { Database } from '../../src/store/database.ts';
import { migrate } from '../../src/store/migrate.ts';
import { openPglite } from '../../src/store/open-pglite.ts';
import { openPostgres } from '../../src/store/open-postgres.ts';
import { openTestDatabase, type TestBackend } from './databases.ts';
import { startTcpProxy, type TcpProxy } from './tcp-proxy.ts';

/** A database the app talks to, that the test can take away and bring back. */
export interface Outage {
  /** What the app uses. */
  readonly database: Database;
  /** Direct access for setup and checks, unaffected by the outage. */
  readonly admin: Database;
  begin(): Promise<void>;
  /** Brings the database back and returns what the app should use from now on. */
  end(): Promise<Database>;
  dispose(): Promise<void>;
}

/**
 * PGlite closed, or PostgreSQL cut off the network (a TCP forwarder closed) with its server-side
 * connections terminated, as a failed host or a restart would.
 */
export async function outageOn(backend: TestBackend): Promise<Outage> {
  if (backend === 'pglite') {
    const dir = await mkdtemp(join(tmpdir(), 'lastplan-outage-'));
    let database: Database = await openPglite({ dataDir: dir });
    await migrate(database);
    return {
      get database() {
        return database;
      },
      get admin() {
        return database;
      },
      begin: () => database.close(),
      async end() {
        database = await openPglite({ dataDir: dir });
        return database;
      },
      async dispose() {
        await database.close();
        await rm(dir, { recursive: true, force: true });
      },
    };
  }
  const admin = await openTestDatabase('postgres');
  const target = new URL(admin.url as string);
  const proxy: TcpProxy = await startTcpProxy(target.hostname, Number(target.port || 5432));
  const viaProxy = new URL(target);
  viaProxy.port = String(proxy.port);
  const database = openPostgres(viaProxy.toString(), { max: 4 });
  return {
    database,
    admin,
    async begin() {
      await proxy.cut();
      // The server ends the app's sessions too, as a restart or an administrator would.
      await sql`select pg_terminate_backend(pid) from pg_stat_activity
        where datname = current_database() and pid <> pg_backend_pid()`.execute(admin.db);
    },
    async end() {
      await proxy.restore();
      return database;
    },
    async dispose() {
      await database.close();
      await proxy.close();
      await admin.close();
    },
  };
}
