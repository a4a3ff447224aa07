import { mkdir } from 'node:fs/promises';
import { PGlite } from '@electric-sql/pglite';
import { Kysely } from 'kysely';
import type { Database } from './database.ts';
import { PGliteDialect } from './pglite-dialect.ts';
import type { Schema } from './schema.ts';

export interface PgliteDatabase extends Database {
  /** A copy of the whole data folder, to open again with `openPglite({ clone })`. */
  dump(): Promise<Blob | File>;
}

/**
 * Opens embedded PostgreSQL (PGlite): on disk under `dataDir`, in memory for `memory://`, or as
 * a copy of a dumped data folder (tests clone a migrated template in half a second instead of
 * running initdb for two).
 */
export async function openPglite(
  source: { dataDir: string } | { clone: Blob | File },
): Promise<PgliteDatabase> {
  let pglite: PGlite;
  if ('clone' in source) {
    pglite = await PGlite.create({ loadDataDir: source.clone });
  } else if (source.dataDir === 'memory://') {
    pglite = await PGlite.create();
  } else {
    await mkdir(source.dataDir, { recursive: true });
    pglite = await PGlite.create({ dataDir: source.dataDir });
  }
  const dialect = new PGliteDialect(pglite);
  const db = new Kysely<Schema>({ dialect });
  let closed = false;
  return {
    backend: 'pglite',
    db,
    execScript: (script) => dialect.driver.exclusive(async (session) => void (await session.exec(script))),
    dump: () => dialect.driver.exclusive((session) => session.dumpDataDir('none')),
    writeGeneration: () => dialect.driver.generation,
    async close() {
      if (closed) return;
      closed = true;
      await dialect.driver.exclusive(() => pglite.close());
      await db.destroy();
    },
  };
}
