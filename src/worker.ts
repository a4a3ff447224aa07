import { createApp, type RequestBindings } from './app.ts';
import { randomId } from './deps.ts';
import { jobCatalog } from './jobs/job-catalog.ts';
import { runJob } from './jobs/run-job.ts';
import { createLogger } from './logger.ts';
import type { Database } from './store/database.ts';
import { openPostgres } from './store/open-postgres.ts';
import { type AssetsBinding, workerAssets } from './worker-assets.ts';

/** Bindings: a Hyperdrive binding named HYPERDRIVE, or a DATABASE_URL secret (`wrangler secret put`). */
export interface WorkerEnv {
  readonly HYPERDRIVE?: { readonly connectionString: string };
  readonly DATABASE_URL?: string;
  readonly LOG_LEVEL?: string;
  /** The dashboard and widgets (`[assets]` in wrangler.toml, built by `npm run build`). */
  readonly ASSETS?: AssetsBinding;
  readonly LASTPLAN_RAW_RETENTION_DAYS?: string;
  readonly LASTPLAN_FX_MAX_AGE_DAYS?: string;
}

interface ExecutionContext {
  waitUntil(promise: Promise<unknown>): void;
}

/** What a Cron Trigger hands the Worker: which of the `[triggers] crons` fired, and when. */
interface ScheduledController {
  readonly cron: string;
  readonly scheduledTime: number;
}

const VERSION = '0.1.0';

type Level = 'debug' | 'info' | 'warn' | 'error';

/** Built on the isolate's first request, then reused: routes and the OpenAPI registry are set up once. */
let app: ReturnType<typeof createApp> | undefined;

function levelOf(env: WorkerEnv): Level {
  return env.LOG_LEVEL === 'debug' || env.LOG_LEVEL === 'warn' || env.LOG_LEVEL === 'error'
    ? env.LOG_LEVEL
    : 'info';
}

function appFor(env: WorkerEnv): ReturnType<typeof createApp> {
  const level = levelOf(env);
  app ??= createApp({
    // Never used: every request brings its own connection (see fetch below).
    database: noSharedDatabase,
    clock: () => new Date(),
    newId: randomId,
    logger: createLogger(level, (line) => console.log(line)),
    maxBodyBytes: 32 * 1024 * 1024,
    version: VERSION,
    assets: env.ASSETS ? workerAssets(env.ASSETS) : undefined,
  });
  return app;
}

const refuse = (): never => {
  throw new Error('the Worker passes a database per request');
};
const noSharedDatabase: Database = {
  backend: 'postgres',
  get db(): never {
    return refuse();
  },
  execScript: async () => refuse(),
  close: async () => undefined,
};

/**
 * The Cloudflare Worker entry: the same app as on Node, on PostgreSQL through postgres.js. The app
 * is built once per isolate; a Worker may not share a socket between requests, so each request
 * opens its own small pool, hands it to the app as a binding and closes it once the response is
 * sent. Migrations are run from Node (`lastplan migrate`).
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
    const bindings: RequestBindings = { database };
    const response = await appFor(env).fetch(request, bindings);
    ctx.waitUntil(database.close());
    return response;
  },

  /**
   * Cron Triggers run the same jobs as the Node instances' job queue (`wrangler.toml` lists their
   * schedules): each trigger runs the jobs of its cron, on a connection of its own. Cloudflare fires
   * a trigger once per schedule; a run cut short is not retried until its next firing.
   */
  async scheduled(controller: ScheduledController, env: WorkerEnv, ctx: ExecutionContext): Promise<void> {
    const url = env.HYPERDRIVE?.connectionString ?? env.DATABASE_URL;
    const logger = createLogger(levelOf(env), (line) => console.log(line));
    if (!url) {
      logger.error(
        'scheduled jobs skipped: the Worker has neither a HYPERDRIVE binding nor a DATABASE_URL secret',
      );
      return;
    }
    const database = openPostgres(url, { max: 1 });
    const context = {
      database,
      logger,
      clock: () => new Date(),
      retentionDays: Number(env.LASTPLAN_RAW_RETENTION_DAYS ?? 0) || 0,
      fxMaxAgeDays: Number(env.LASTPLAN_FX_MAX_AGE_DAYS ?? 14) || 14,
    };
    try {
      for (const job of jobCatalog.filter((one) => one.cron === controller.cron)) {
        // A failure is logged by runJob; the other jobs of this trigger still run.
        await runJob(job, context, new Date(controller.scheduledTime)).catch(() => undefined);
      }
    } finally {
      ctx.waitUntil(database.close());
    }
  },
};
