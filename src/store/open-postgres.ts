import { Kysely } from 'kysely';
import { PostgresJSDialect } from 'kysely-postgres-js';
import postgres from 'postgres';
import type { Database } from './database.ts';
import type { Schema } from './schema.ts';

export interface PostgresOptions {
  /** Pool size; Workers want 1-5, a Node process 10. */
  readonly max?: number;
}

/** Opens PostgreSQL 15+ through postgres.js. Used by Node with DATABASE_URL and by the Worker. */
export function openPostgres(url: string, options: PostgresOptions = {}): Database {
  const sql = postgres(url, {
    max: options.max ?? 10,
    onnotice: () => {},
    connect_timeout: 10,
    // postgres.js waits up to 20 s before it dials a lost server again, and every query waits
    // with it; at most 2 s, so that during an outage a request gets its 503 soon and the first one
    // after it is served. Not shorter: redialling every half second while a streamed import was
    // cut off hit a race in postgres.js 3.4.9 (a write scheduled on a socket it had just dropped,
    // an uncaught TypeError, and a request that never answered).
    backoff: (attempt: number) => Math.min(2, 0.05 * 2 ** attempt),
    // int8 (count(*), bigint sums) as numbers, as PGlite returns them.
    types: { int8num: { to: 20, from: [20], serialize: String, parse: Number } },
  });
  const db = new Kysely<Schema>({ dialect: new PostgresJSDialect({ postgres: sql }) });
  let closed = false;
  return {
    backend: 'postgres',
    db,
    async execScript(script) {
      await sql.unsafe(script).simple();
    },
    async close() {
      if (closed) return;
      closed = true;
      await db.destroy();
    },
  };
}
