import { databaseOptions } from '../database-options.ts';
import type { CommandSpec } from '../parse-command.ts';

export const migrateSpec: CommandSpec = {
  usage: 'migrate [--status]',
  summary: 'Apply the database migrations in migrations/ (the server also does this at start).',
  options: {
    status: { type: 'boolean', description: 'only list the pending migrations' },
    ...databaseOptions,
  },
  examples: ['lastplan migrate', 'DATABASE_URL=postgres://app@db:5432/lastplan lastplan migrate --status'],
};
