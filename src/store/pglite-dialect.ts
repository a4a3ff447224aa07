import type { PGlite } from '@electric-sql/pglite';
import {
  type CompiledQuery,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  type Kysely,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type QueryResult,
  type TransactionSettings,
} from 'kysely';
import { READ_ONLY } from './database.ts';

/**
 * A Kysely dialect over one embedded PGlite instance. PGlite has a single session, so the driver
 * hands out that one connection to one holder at a time: a transaction keeps it until it commits,
 * and parallel transactions queue instead of interleaving on the session.
 */
export class PGliteDialect implements Dialect {
  readonly driver: PGliteDriver;
  constructor(pglite: PGlite) {
    this.driver = new PGliteDriver(pglite);
  }
  createAdapter() {
    return new PostgresAdapter();
  }
  createDriver(): Driver {
    return this.driver;
  }
  createIntrospector(db: Kysely<unknown>) {
    return new PostgresIntrospector(db);
  }
  createQueryCompiler() {
    return new PostgresQueryCompiler();
  }
}

export class PGliteDriver implements Driver {
  readonly #connection: PGliteConnection;
  #queue: Promise<void> = Promise.resolve();
  #release: (() => void) | undefined;
  #generation = 0;

  constructor(pglite: PGlite) {
    this.#connection = new PGliteConnection(pglite, () => this.#generation++);
  }

  /** Raised before and after every statement that may write (see `Database.writeGeneration`). */
  get generation(): number {
    return this.#generation;
  }

  async init(): Promise<void> {}

  async acquireConnection(): Promise<DatabaseConnection> {
    await this.#lock();
    return this.#connection;
  }

  /** Runs `work` while holding the session, for statements outside Kysely (scripts). */
  async exclusive<T>(work: (pglite: PGlite) => Promise<T>): Promise<T> {
    await this.#lock();
    this.#generation++;
    try {
      return await work(this.#connection.pglite);
    } finally {
      this.#generation++;
      this.#unlock();
    }
  }

  async beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    const isolation = settings.isolationLevel ? ` isolation level ${settings.isolationLevel}` : '';
    await (connection as PGliteConnection).pglite.query(`begin${isolation}`);
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    await (connection as PGliteConnection).pglite.query('commit');
    this.#generation++;
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    await (connection as PGliteConnection).pglite.query('rollback');
  }

  async releaseConnection(): Promise<void> {
    this.#unlock();
  }

  async destroy(): Promise<void> {}

  async #lock(): Promise<void> {
    const previous = this.#queue;
    let release!: () => void;
    this.#queue = new Promise((resolve) => {
      release = resolve;
    });
    await previous;
    this.#release = release;
  }

  #unlock(): void {
    const release = this.#release;
    this.#release = undefined;
    release?.();
  }
}

class PGliteConnection implements DatabaseConnection {
  constructor(
    readonly pglite: PGlite,
    private readonly mayWrite: () => void,
  ) {}

  async executeQuery<R>(compiledQuery: CompiledQuery): Promise<QueryResult<R>> {
    const write = !compiledQuery.sql.startsWith(READ_ONLY);
    if (write) this.mayWrite();
    const result = await this.pglite
      .query<R>(compiledQuery.sql, [...compiledQuery.parameters])
      .finally(() => {
        if (write) this.mayWrite();
      });
    return {
      rows: result.rows,
      ...(result.affectedRows !== undefined ? { numAffectedRows: BigInt(result.affectedRows) } : {}),
    };
  }

  // biome-ignore lint/correctness/useYield: PGlite has no cursors; streaming is not offered.
  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error('PGlite does not support streaming queries');
  }
}
