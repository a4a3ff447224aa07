import { loadConfig } from '../../config.ts';
import { startServer } from '../../server/start-server.ts';
import type { CliIo } from '../cli-io.ts';
import type { CommandSpec, ParsedCommand } from '../parse-command.ts';

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

/** Runs until SIGTERM or SIGINT, then shuts down gracefully and returns 0. */
export async function serveCommand(io: CliIo, parsed: ParsedCommand): Promise<number> {
  const env = { ...io.env };
  if (typeof parsed.values.port === 'string') env.PORT = parsed.values.port;
  if (typeof parsed.values['data-dir'] === 'string') env.LASTPLAN_DATA_DIR = parsed.values['data-dir'];
  const server = await startServer(loadConfig(env), {
    announce: (lines) => io.stdout(`${lines.join('\n')}\n`),
  });
  await new Promise<void>((resolve) => {
    const stop = () => {
      process.off('SIGTERM', stop);
      process.off('SIGINT', stop);
      void server.stop().then(resolve);
    };
    process.on('SIGTERM', stop);
    process.on('SIGINT', stop);
  });
  return 0;
}
