import { migrate, pendingMigrations } from '../../store/migrate.ts';
import { databaseOptions, withAdminDatabase } from '../admin-database.ts';
import type { CliIo } from '../cli-io.ts';
import type { CommandSpec, ParsedCommand } from '../parse-command.ts';

export const migrateSpec: CommandSpec = {
  usage: 'migrate [--status]',
  summary: 'Apply the database migrations in migrations/ (the server also does this at start).',
  options: {
    status: { type: 'boolean', description: 'only list the pending migrations' },
    ...databaseOptions,
  },
  examples: ['lastplan migrate', 'DATABASE_URL=postgres://app@db:5432/lastplan lastplan migrate --status'],
};

export async function migrateCommand(io: CliIo, parsed: ParsedCommand): Promise<number> {
  return withAdminDatabase(
    io,
    parsed,
    async (database) => {
      if (parsed.values.status) {
        const pending = await pendingMigrations(database);
        io.stdout(
          pending.length === 0 ? 'up to date\n' : `pending:\n${pending.map((n) => `  ${n}`).join('\n')}\n`,
        );
        return 0;
      }
      const applied = await migrate(database);
      io.stdout(
        applied.length === 0 ? 'up to date\n' : `applied:\n${applied.map((n) => `  ${n}`).join('\n')}\n`,
      );
      return 0;
    },
    { migrate: false },
  );
}
