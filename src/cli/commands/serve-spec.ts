import type { CommandSpec } from '../parse-command.ts';

export const serveSpec: CommandSpec = {
  usage: 'serve [--port N] [--data-dir DIR]',
  summary:
    'Start the server. Embedded PGlite in the data folder unless DATABASE_URL is set; on an empty database it creates the demo tenant (LASTPLAN_DEMO=0 to start empty).',
  options: {
    port: { type: 'string', placeholder: 'N', description: 'port (default: PORT or 8787)' },
    'data-dir': {
      type: 'string',
      placeholder: 'DIR',
      description: 'PGlite data folder (default: LASTPLAN_DATA_DIR or ./data)',
    },
  },
  examples: [
    'lastplan serve',
    'DATABASE_URL=postgres://app@127.0.0.1:5432/lastplan lastplan serve --port 9000',
  ],
};
