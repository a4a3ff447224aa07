import { CompiledQuery } from 'kysely';
import type { Database } from './database.ts';

/** What the job engine (pg-boss) needs of a database: one call that runs SQL and returns rows. */
export interface JobSql {
  executeSql(text: string, values?: unknown[]): Promise<{ rows: unknown[]; rowCount: number }>;
}

/**
 * The job engine's statements run on lastplan's own connections (PGlite or the postgres.js pool),
 * not on a second pool of its own: on PGlite there is only one connection. Its schema scripts
 * hold several statements, which the extended protocol refuses; those run as one script.
 */
export function jobSql(database: Database): JobSql {
  return {
    async executeSql(text, values = []) {
      try {
        const result = await database.db.executeQuery(
          // node-postgres, which the engine is written for, sends undefined as NULL; postgres.js refuses it.
          CompiledQuery.raw(
            text,
            values.map((value) => (value === undefined ? null : value)),
          ),
        );
        return { rows: [...result.rows], rowCount: Number(result.numAffectedRows ?? result.rows.length) };
      } catch (error) {
        if (values.length > 0 || !/multiple commands|cannot insert multiple/i.test((error as Error).message))
          throw error;
        await database.execScript(text);
        return { rows: [], rowCount: 0 };
      }
    },
  };
}
