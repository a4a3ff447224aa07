import { type Config, loadConfig } from '../config.ts';
import { lockDataDir } from '../store/data-dir-lock.ts';
import type { Database } from '../store/database.ts';
import { migrate } from '../store/migrate.ts';
import { openDatabase } from '../store/open-database.ts';
import type { CliIo } from './cli-io.ts';
import type { ParsedCommand } from './parse-command.ts';

/**
 * Opens the database for an admin command, directly and not through a server. A PGlite folder
 * that a running server holds is refused: two processes must never write one folder.
 */
export async function withAdminDatabase<T>(
  io: CliIo,
  parsed: ParsedCommand,
  work: (database: Database) => Promise<T>,
  options: { migrate?: boolean } = {},
): Promise<T> {
  const config = adminTarget(io, parsed);
  const unlock = config.databaseUrl
    ? async () => {}
    : await lockDataDir(config.dataDir, 'a lastplan admin command');
  try {
    const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
    try {
      if (options.migrate !== false) await migrate(database);
      return await work(database);
    } finally {
      await database.close();
    }
  } finally {
    await unlock();
  }
}

/** The database an admin command means: `--database-url` or `--data-dir` over the environment. */
export function adminTarget(io: CliIo, parsed: ParsedCommand): Pick<Config, 'databaseUrl' | 'dataDir'> {
  const env = { ...io.env };
  if (typeof parsed.values['data-dir'] === 'string') env.LASTPLAN_DATA_DIR = parsed.values['data-dir'];
  if (typeof parsed.values['database-url'] === 'string') env.DATABASE_URL = parsed.values['database-url'];
  return loadConfig(env);
}
