import { createApp } from './app.ts';
import { randomId } from './deps.ts';
import { createLogger } from './logger.ts';
import { openPostgres } from './store/open-postgres.ts';

/** Bindings: a Hyperdrive binding named HYPERDRIVE, or a DATABASE_URL secret (`wrangler secret put`). */
export interface WorkerEnv {
  readonly HYPERDRIVE?: { readonly connectionString: string };
  readonly DATABASE_URL?: string;
  readonly LOG_LEVEL?: string;
}

interface ExecutionContext {
  waitUntil(promise: Promise<unknown>): void;
}

const VERSION = '0.1.0';

/**
 * The Cloudflare Worker entry: the same app as on Node, on PostgreSQL through postgres.js. A
 * Worker may not share a socket between requests, so each request opens its own small pool and
 * closes it once the response is sent. Migrations are run from Node (`lastplan migrate`).
 */
export default {
  async fetch(request: Request, env: WorkerEnv, ctx: ExecutionContext): Promise<Response> {
    const url = env.HYPERDRIVE?.connectionString ?? env.DATABASE_URL;
    if (!url) {
      return new Response(
        JSON.stringify({
          type: 'https://lastplan.de/problems/database-unavailable',
          title: 'Database unavailable',
          status: 503,
          detail: 'the Worker has neither a HYPERDRIVE binding nor a DATABASE_URL secret',
        }),
        { status: 503, headers: { 'content-type': 'application/problem+json' } },
      );
    }
    const database = openPostgres(url, { max: 1 });
    const level =
      env.LOG_LEVEL === 'debug' || env.LOG_LEVEL === 'warn' || env.LOG_LEVEL === 'error'
        ? env.LOG_LEVEL
        : 'info';
    const app = createApp({
      database,
      clock: () => new Date(),
      newId: randomId,
      logger: createLogger(level, (line) => console.log(line)),
      maxBodyBytes: 32 * 1024 * 1024,
      version: VERSION,
    });
    const response = await app.fetch(request);
    ctx.waitUntil(database.close());
    return response;
  },
};
