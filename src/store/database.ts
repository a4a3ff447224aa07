import type { Kysely } from 'kysely';
import type { Schema } from './schema.ts';

export type Backend = 'pglite' | 'postgres';

/**
 * An open database, whichever backend is behind it. Only `store/` sees this; the rest of the
 * program talks to the stores built on it.
 */
export interface Database {
  readonly backend: Backend;
  readonly db: Kysely<Schema>;
  /** Runs a multi-statement SQL script as one implicit transaction (simple query protocol). */
  execScript(script: string): Promise<void>;
  close(): Promise<void>;
}
