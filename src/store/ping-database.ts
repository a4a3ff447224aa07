import { sql } from 'kysely';
import type { Database } from './database.ts';

/** One round trip to the database; throws when it does not answer (the readiness check). */
export async function pingDatabase(database: Database): Promise<void> {
  await sql`select 1`.execute(database.db);
}
