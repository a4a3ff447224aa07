import { loadConfig } from '../../config.ts';
import { createLogger } from '../../logger.ts';
import { startServer } from '../../server/start-server.ts';
import { surviveWriteAfterClose } from '../../store/postgres-js-fault.ts';
import type { CliIo } from '../cli-io.ts';
import type { ParsedCommand } from '../parse-command.ts';

/** Runs until SIGTERM or SIGINT, then shuts down gracefully and returns 0. */
export async function serveCommand(io: CliIo, parsed: ParsedCommand): Promise<number> {
  const env = { ...io.env };
  if (typeof parsed.values.port === 'string') env.PORT = parsed.values.port;
  if (typeof parsed.values['data-dir'] === 'string') env.LASTPLAN_DATA_DIR = parsed.values['data-dir'];
  const config = loadConfig(env);
  const logger = createLogger(config.logLevel);
  // A lost PostgreSQL must not end the server (see postgres-js-fault.ts); PGlite has no sockets.
  const carryOn = config.databaseUrl ? surviveWriteAfterClose(logger) : () => {};
  const server = await startServer(config, {
    logger,
    announce: (lines) => io.stdout(`${lines.join('\n')}\n`),
  });
  await new Promise<void>((resolve) => {
    const stop = () => {
      process.off('SIGTERM', stop);
      process.off('SIGINT', stop);
      void server.stop().then(() => {
        carryOn();
        resolve();
      });
    };
    process.on('SIGTERM', stop);
    process.on('SIGINT', stop);
  });
  return 0;
}
