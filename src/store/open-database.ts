import type { Database } from './database.ts';

/**
 * The one place that chooses the backend: PostgreSQL when a URL is given, else embedded PGlite
 * in `dataDir`. PGlite is imported lazily so that the Worker bundle never carries it.
 */
export async function openDatabase(options: {
  databaseUrl?: string | undefined;
  dataDir: string;
}): Promise<Database> {
  if (options.databaseUrl) {
    const { openPostgres } = await import('./open-postgres.ts');
    return openPostgres(options.databaseUrl);
  }
  const { openPglite } = await import('./open-pglite.ts');
  return openPglite({ dataDir: options.dataDir });
}
