import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { serve } from '@hono/node-server';
import { createApp } from '../app.ts';
import type { Config } from '../config.ts';
import { seedDemo } from '../demo/seed-demo.ts';
import { defaultClock, randomId } from '../deps.ts';
import { startJobs } from '../jobs/start-jobs.ts';
import { createLogger, type Logger } from '../logger.ts';
import { lockDataDir } from '../store/data-dir-lock.ts';
import { migrate } from '../store/migrate.ts';
import { openDatabase } from '../store/open-database.ts';
import { loadWebAssets } from '../web-assets.ts';
import { openControlSocket } from './control-socket.ts';

export interface RunningServer {
  readonly url: string;
  readonly port: number;
  /** Stops accepting, lets in-flight requests finish, then closes the database. */
  stop(): Promise<void>;
}

export async function packageVersion(): Promise<string> {
  const pkg = JSON.parse(await readFile(new URL('../../package.json', import.meta.url), 'utf8')) as {
    version: string;
  };
  return pkg.version;
}

/**
 * Starts the Node server: opens the database (PGlite in the data folder unless DATABASE_URL is
 * set), migrates, seeds the demo tenant on an empty database, and serves the app.
 */
export async function startServer(
  config: Config,
  options: { logger?: Logger; announce?: (lines: string[]) => void } = {},
): Promise<RunningServer> {
  const logger = options.logger ?? createLogger(config.logLevel);
  const unlock = config.databaseUrl ? async () => {} : await lockDataDir(config.dataDir, 'a lastplan server');
  let database: Awaited<ReturnType<typeof openDatabase>>;
  try {
    database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  } catch (error) {
    await unlock();
    throw error;
  }
  try {
    const applied = await migrate(database);
    if (applied.length > 0) logger.info('migrations applied', { migrations: applied });
  } catch (error) {
    await database.close();
    await unlock();
    throw error;
  }
  const seed = config.demo
    ? await seedDemo(database, {
        now: defaultClock(),
        newId: randomId,
        logger,
        adminToken: config.adminToken,
      })
    : undefined;
  const [assets, version] = await Promise.all([loadWebAssets(), packageVersion()]);
  // PGlite: `lastplan backup` reaches this process through the folder's control socket.
  const closeControl = config.databaseUrl
    ? async () => {}
    : await openControlSocket(database, config.dataDir, logger).catch((error: Error) => {
        logger.warn('no control socket: lastplan backup cannot reach this server', { error: error.message });
        return async () => {};
      });
  const app = createApp({
    database,
    clock: defaultClock,
    newId: randomId,
    logger,
    maxBodyBytes: config.maxBodyBytes,
    version,
    ingest: config.ingest,
    fxMaxAgeDays: config.fxMaxAgeDays,
    session: config.session,
    publicUrl: config.publicUrl,
    oidc: config.oidc,
    outbound: { allow: config.webhookAllow },
    rateLimit: config.rateLimit,
    assets,
  });

  const server = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
    const s = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, () => resolve(s));
    s.once('error', reject);
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const url =
    config.publicUrl ?? `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`;
  logger.info('listening', {
    url,
    backend: database.backend,
    dataDir: config.databaseUrl ? undefined : config.dataDir,
  });

  const lines = [`lastplan ${version} is running at ${url}/`];
  lines.push(`  database: ${database.backend === 'pglite' ? `PGlite in ${config.dataDir}` : 'PostgreSQL'}`);
  if (config.oidc)
    lines.push(
      `  sign-in: ${url}/auth/login through ${config.oidc.issuer} into tenant "${config.oidc.tenant}"`,
    );
  // The demo's read token is kept beside the embedded database so that every start can show it
  // again; a PostgreSQL installation shows it once, when the demo tenant is created.
  const demoTokenFile = config.databaseUrl ? undefined : join(config.dataDir, 'demo-token.txt');
  if (seed && demoTokenFile) await writeFile(demoTokenFile, `${seed.readToken}\n`, { mode: 0o600 });
  const demoToken =
    seed?.readToken ?? (demoTokenFile ? (await readFile(demoTokenFile, 'utf8').catch(() => '')).trim() : '');
  if (seed) {
    lines.push(
      '  demo tenant "Musterstadt" (BY) created with 5 services and hourly metrics since 2025-01-01',
    );
    if (seed.adminToken) lines.push('  admin token: the value of LASTPLAN_ADMIN_TOKEN');
  }
  if (demoToken) {
    lines.push(`  demo token (read, plan, finance): ${demoToken}`);
    lines.push(`  open in the browser: ${url}/#token=${demoToken}`);
  }
  (options.announce ?? ((l) => process.stdout.write(`${l.join('\n')}\n`)))(lines);

  // Scheduled work (alerts and webhooks, computed costs, forecast refresh, retention, exchange-rate
  // staleness) runs on the job queue in the database: once across all instances, retried elsewhere
  // when an instance dies.
  const jobs = config.jobs
    ? await startJobs(
        {
          database,
          logger,
          clock: defaultClock,
          retentionDays: config.ingest.rawRetentionDays,
          fxMaxAgeDays: config.fxMaxAgeDays,
          outbound: { allow: config.webhookAllow },
        },
        config.jobTimings,
      )
    : undefined;

  let stopping: Promise<void> | undefined;
  return {
    url,
    port,
    stop() {
      stopping ??= (async () => {
        logger.info('shutting down');
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          // Idle keep-alive connections would hold close() open; in-flight requests still finish.
          (server as unknown as { closeIdleConnections?: () => void }).closeIdleConnections?.();
        });
        await jobs?.stop();
        await closeControl();
        await database.close();
        await unlock();
        logger.info('stopped');
      })();
      return stopping;
    },
  };
}
