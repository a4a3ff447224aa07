import { databaseOptions } from '../database-options.ts';
import { jsonOption } from '../json-output.ts';
import type { CommandSpec } from '../parse-command.ts';

export const jobsListSpec: CommandSpec = {
  usage: 'jobs list [--json]',
  summary:
    'List the scheduled jobs: schedule, waiting and running runs, the last run and the failures of the last day.',
  options: {
    ...jsonOption,
    ...databaseOptions,
  },
  examples: ['lastplan jobs list', 'DATABASE_URL=postgres://app@db:5432/lastplan lastplan jobs list --json'],
};

export const jobsRunSpec: CommandSpec = {
  usage: 'jobs run NAME',
  summary:
    'Queue one run of a job now; a running server takes it within seconds (on PGlite: when the server starts).',
  options: { ...databaseOptions },
  positionals: 1,
  examples: ['lastplan jobs run forecast-refresh'],
};
