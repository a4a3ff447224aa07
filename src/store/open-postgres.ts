import { Kysely } from 'kysely';
import { PostgresJSDialect } from 'kysely-postgres-js';
import postgres, { type Sql } from 'postgres';
import type { Database } from './database.ts';
import type { Schema } from './schema.ts';

export interface PostgresOptions {
  /** Pool size; Workers want 1-5, a Node process 10. */
  readonly max?: number;
}

/** Opens PostgreSQL 15+ through postgres.js. Used by Node with DATABASE_URL and by the Worker. */
export function openPostgres(url: string, options: PostgresOptions = {}): Database {
  const pool = new RenewingPool(() =>
    postgres(url, {
      max: options.max ?? 10,
      onnotice: () => {},
      connect_timeout: 10,
      // postgres.js waits up to 20 s before it dials a lost server again, and every query waits
      // with it; at most 2 s, so that during an outage a request gets its 503 soon and the first
      // one after it is served. Not shorter: redialling every half second while a streamed import
      // was cut off hit a race in postgres.js 3.4.9 (a write scheduled on a socket it had just
      // dropped, an uncaught TypeError, and a request that never answered).
      backoff: (attempt: number) => Math.min(2, 0.05 * 2 ** attempt),
      // int8 (count(*), bigint sums) as numbers, as PGlite returns them.
      types: { int8num: { to: 20, from: [20], serialize: String, parse: Number } },
    }),
  );
  const db = new Kysely<Schema>({ dialect: new PostgresJSDialect({ postgres: () => pool }) });
  let closed = false;
  return {
    backend: 'postgres',
    db,
    async execScript(script) {
      await pool.current.unsafe(script).simple();
    },
    async close() {
      if (closed) return;
      closed = true;
      await db.destroy();
      // Kysely ends the pool only if a query went through it; execScript goes around Kysely, so a
      // handle used only for scripts (an admin connection creating databases) kept its socket
      // open and the process alive.
      await pool.end();
    },
  };
}

/**
 * A postgres.js pool that is replaced after a reservation failed. In postgres.js 3.4 a
 * reservation that finds no open connection is queued *and* handed to a connection being dialled;
 * when that dial fails (the database is down) the caller is rejected but the queued entry stays,
 * and once the database is back the first connection that opens is handed to it and lost for
 * good. During an outage every request lost a connection that way, and after `max` of them the
 * pool answered nothing until the process was restarted. So the next reservation after a failed
 * one opens a fresh pool; the old one is ended, its transactions in flight finishing first.
 */
class RenewingPool {
  #current: Sql;
  #failed = false;
  readonly #retired = new Set<Promise<void>>();
  readonly #open: () => Sql;

  constructor(open: () => Sql) {
    this.#open = open;
    this.#current = open();
  }

  get current(): Sql {
    if (this.#failed) {
      this.#failed = false;
      const old = this.#current;
      this.#current = this.#open();
      const ending = old.end({ timeout: 30 }).catch(() => {});
      this.#retired.add(ending);
      void ending.finally(() => this.#retired.delete(ending));
    }
    return this.#current;
  }

  async reserve() {
    const pool = this.current;
    try {
      return await pool.reserve();
    } catch (error) {
      if (pool === this.#current) this.#failed = true;
      throw error;
    }
  }

  async end(): Promise<void> {
    await Promise.all([this.#current.end({ timeout: 5 }), ...this.#retired]);
  }
}
