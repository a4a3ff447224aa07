import type { OptionSpec } from './parse-command.ts';

/** Options every admin command takes to find the database. */
export const databaseOptions: Record<string, OptionSpec> = {
  'data-dir': {
    type: 'string',
    placeholder: 'DIR',
    description: 'PGlite data folder (default: LASTPLAN_DATA_DIR or ./data)',
  },
  'database-url': {
    type: 'string',
    placeholder: 'URL',
    description: 'PostgreSQL instead of PGlite (default: DATABASE_URL)',
  },
};
