import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { migrate } from '../../src/store/migrate.ts';
import { openPglite } from '../../src/store/open-pglite.ts';
import { createTenant } from '../../src/store/tenant-store.ts';
import { issueToken } from '../../src/tenancy-service/issue-token.ts';
import { openTestDatabase, type TestBackend } from '../support/databases.ts';
import { type Spawned, spawnProcess } from '../support/spawn-server.ts';

/** A database a real server process can be started on (and restarted on, after a kill). */
export interface ServerDatabase {
  readonly env: Record<string, string>;
  /** A token with the scopes ingest and read. */
  readonly token: string;
  /** Starts `lastplan serve`; `env` overrides its environment (LOG_LEVEL is `warn` otherwise). */
  start(env?: Record<string, string>): Promise<{ url: string; server: Spawned }>;
  dispose(): Promise<void>;
}

/** Prepares a PGlite data folder or a PostgreSQL database with one tenant and token. */
export async function serverDatabase(backend: TestBackend): Promise<ServerDatabase> {
  const dir = await mkdtemp(join(tmpdir(), 'lastplan-ingest-'));
  let env: Record<string, string>;
  let dispose: () => Promise<void>;
  let token: string;
  if (backend === 'pglite') {
    const dataDir = join(dir, 'data');
    const database = await openPglite({ dataDir });
    await migrate(database);
    token = await tenantToken(database);
    await database.close();
    env = { LASTPLAN_DATA_DIR: dataDir, DATABASE_URL: '' };
    dispose = () => rm(dir, { recursive: true, force: true });
  } else {
    const database = await openTestDatabase('postgres');
    token = await tenantToken(database);
    env = { DATABASE_URL: database.url as string };
    dispose = async () => {
      await database.close();
      await rm(dir, { recursive: true, force: true });
    };
  }
  return {
    env,
    token,
    dispose,
    async start(extra = {}) {
      const port = 20000 + Math.floor(Math.random() * 9999);
      const server = spawnProcess('node', ['bin/lastplan.js', 'serve'], {
        ...env,
        PORT: String(port),
        LASTPLAN_DEMO: '0',
        LOG_LEVEL: 'warn',
        ...extra,
      });
      const url = `http://127.0.0.1:${port}`;
      for (let i = 0; i < 600; i++) {
        if (server.child.exitCode !== null) break;
        try {
          if ((await fetch(`${url}/healthz`)).ok) return { url, server };
        } catch {}
        await new Promise((r) => setTimeout(r, 100));
      }
      await server.stop('SIGKILL');
      throw new Error(`the server did not start:\n${server.output()}`);
    },
  };
}

async function tenantToken(database: Parameters<typeof createTenant>[0]): Promise<string> {
  const tenant = await createTenant(database, crypto.randomUUID(), {
    slug: 'kommune',
    name: 'Kommune',
    federalState: 'BY',
  });
  const issued = await issueToken(database, tenant.id, {
    id: crypto.randomUUID(),
    name: 'ingest and read',
    scopes: ['ingest', 'read'],
    expiresAt: null,
  });
  return issued.secret;
}

/** Every stored series of a service (or those of the `metrics` named) with its raw samples, read over the API. */
export async function readService(
  url: string,
  token: string,
  service: string,
  from: string,
  to: string,
  metrics?: readonly string[],
): Promise<
  {
    metric: string;
    kind: string;
    unit: string;
    labels: Record<string, string>;
    points: { ts: string; value: number }[];
  }[]
> {
  const headers = { authorization: `Bearer ${token}` };
  const services = (await (await fetch(`${url}/v1/services?limit=1000`, { headers })).json()) as {
    items: { id: string; key: string }[];
  };
  const found = services.items.find((s) => s.key === service);
  if (!found) return [];
  const page = (await (
    await fetch(`${url}/v1/services/${found.id}/series?limit=1000`, { headers })
  ).json()) as {
    items: { id: string; metric: string; kind: string; unit: string; labels: Record<string, string> }[];
  };
  const wanted = metrics === undefined ? page.items : page.items.filter((s) => metrics.includes(s.metric));
  return Promise.all(
    wanted.map(async (s) => {
      const res = await fetch(`${url}/v1/series/${s.id}/samples?from=${from}&to=${to}&step=raw`, { headers });
      return { ...s, points: ((await res.json()) as { points: { ts: string; value: number }[] }).points };
    }),
  );
}
