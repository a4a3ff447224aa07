import { randomUUID } from 'node:crypto';
import type { Database } from '../../src/store/database.ts';
import { migrate } from '../../src/store/migrate.ts';
import { openPglite } from '../../src/store/open-pglite.ts';
import { openPostgres } from '../../src/store/open-postgres.ts';

export type TestBackend = 'pglite' | 'postgres';

/** PostgreSQL URL for tests: TEST_DATABASE_URL, else DATABASE_URL. */
export function postgresUrl(): string | undefined {
  return process.env.TEST_DATABASE_URL || process.env.DATABASE_URL || undefined;
}

/**
 * The backends the store contract runs on: PGlite always, PostgreSQL when a URL is set. With
 * REQUIRE_POSTGRES=1 (CI) a missing URL is an error, never a silent skip. TEST_BACKEND=pglite or
 * TEST_BACKEND=postgres runs one of them only (while working on one file; CI sets neither).
 */
export function testBackends(): TestBackend[] {
  const only = process.env.TEST_BACKEND;
  if (only === 'pglite') return ['pglite'];
  if (only === 'postgres') {
    if (!postgresUrl())
      throw new Error('TEST_BACKEND=postgres but neither TEST_DATABASE_URL nor DATABASE_URL is set');
    return ['postgres'];
  }
  if (only !== undefined && only !== '')
    throw new Error(`TEST_BACKEND must be pglite or postgres, not ${only}`);
  if (postgresUrl()) return ['pglite', 'postgres'];
  if (process.env.REQUIRE_POSTGRES === '1') {
    throw new Error('REQUIRE_POSTGRES=1 but neither TEST_DATABASE_URL nor DATABASE_URL is set');
  }
  return ['pglite'];
}

let template: Promise<Blob | File> | undefined;

async function pgliteTemplate(): Promise<Blob | File> {
  template ??= (async () => {
    const database = await openPglite({ dataDir: 'memory://' });
    await migrate(database);
    const dump = await database.dump();
    await database.close();
    return dump;
  })();
  return template;
}

/**
 * A fresh database of the backend, migrated unless `migrated: false` (an empty target for a
 * restore); `close()` also drops a PostgreSQL test database.
 */
export async function openTestDatabase(
  backend: TestBackend,
  { migrated = true }: { migrated?: boolean } = {},
): Promise<Database & { url?: string }> {
  if (backend === 'pglite') {
    return migrated ? openPglite({ clone: await pgliteTemplate() }) : openPglite({ dataDir: 'memory://' });
  }
  const base = postgresUrl();
  if (!base) throw new Error('no PostgreSQL URL for tests');
  const name = `lastplan_test_${randomUUID().replaceAll('-', '').slice(0, 16)}`;
  const admin = openPostgres(base, { max: 1 });
  try {
    await admin.execScript(`CREATE DATABASE ${name}`);
  } catch (error) {
    await admin.close();
    throw new Error(`cannot create a test database on ${base}: ${(error as Error).message}`);
  }
  const url = new URL(base);
  url.pathname = `/${name}`;
  const database = openPostgres(url.toString(), { max: 4 });
  if (migrated) await migrate(database);
  return {
    ...database,
    url: url.toString(),
    async close() {
      await database.close();
      await admin.execScript(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.close();
    },
  };
}
