import { migrate, pendingMigrations } from '../../store/migrate.ts';
import { withAdminDatabase } from '../admin-database.ts';
import type { CliIo } from '../cli-io.ts';
import type { ParsedCommand } from '../parse-command.ts';

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
