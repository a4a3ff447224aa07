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
  /**
   * PGlite only, where this process is the folder's one user: a counter raised before and after
   * every statement that may write (all but those that start with `READ_ONLY`). While it stands
   * still, nothing was written, so what was read at that count still holds.
   */
  writeGeneration?(): number;
}

/**
 * The mark of a statement that writes nothing (a comment, so PostgreSQL ignores it): the PGlite
 * driver does not count it as a possible write. Only for plain reads, never for a select that
 * calls a function with side effects.
 */
export const READ_ONLY = '/* read-only */ ';
