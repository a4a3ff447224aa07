import { createHash } from 'node:crypto';
import PgBoss from 'pg-boss';
import { jobSql } from '../store/job-sql.ts';
import { JOB_SCHEMA } from '../store/job-state-store.ts';
import { jobCatalog } from './job-catalog.ts';
import type { JobContext, JobDefinition, TenantRef } from './job-context.ts';
import { runJob } from './run-job.ts';

export interface JobRunner {
  /** Queues a run of `name` now; undefined when one is queued already. */
  runNow(name: string): Promise<string | undefined>;
  /** Stops taking jobs, waits for the running ones (up to `timeoutMs`), and lets go of the database. */
  stop(timeoutMs?: number): Promise<void>;
}

export interface JobOptions {
  readonly catalog?: readonly JobDefinition[];
  /** Whether this instance also fires the cron schedules (any number of instances may; each fires once). */
  readonly schedule?: boolean;
  /** How often an idle instance looks for work (seconds). */
  readonly pollingIntervalSeconds?: number;
  /** How often expired runs (their instance died) are failed and retried, in seconds. */
  readonly superviseIntervalSeconds?: number;
  /** Overrides how long one tenant's run of a per-tenant job may take (benchmarks, tests). */
  readonly tenantExpireInSeconds?: number;
}

/** The queue of a job's per-tenant runs. */
export function tenantQueue(job: string): string {
  return `${job}.tenant`;
}

/**
 * The id of one tenant's run within one run of its job: the same when a retried run queues its
 * tenants again, so the queue (which ignores a known id) holds each tenant once per run.
 */
export function tenantRunId(runId: string, tenantId: string): string {
  const hex = createHash('sha256').update(`${runId}|${tenantId}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** The job queue on lastplan's own connections; `supervise` expires dead runs, `schedule` fires the crons. */
function jobQueue(
  database: JobContext['database'],
  options: { supervise: boolean; schedule: boolean; maintenanceIntervalSeconds?: number },
) {
  return new PgBoss({
    db: jobSql(database) as unknown as PgBoss.ConstructorOptions['db'],
    schema: JOB_SCHEMA,
    supervise: options.supervise,
    schedule: options.schedule,
    migrate: true,
    ...(options.maintenanceIntervalSeconds
      ? { maintenanceIntervalSeconds: options.maintenanceIntervalSeconds }
      : {}),
  } as PgBoss.ConstructorOptions);
}

/**
 * Queues one run of a job for whichever instance takes it next (the operator's "run it now").
 * Returns the run's id, or undefined when a run of it already waits.
 */
export async function queueJobNow(
  database: JobContext['database'],
  name: string,
): Promise<string | undefined> {
  const job = jobCatalog.find((one) => one.name === name);
  if (!job)
    throw new Error(`no job named ${name}; the jobs are ${jobCatalog.map((one) => one.name).join(', ')}`);
  const boss = jobQueue(database, { supervise: false, schedule: false });
  await boss.start();
  try {
    await boss.createQueue(job.name, queueOptions(job));
    return (await boss.send(job.name, {})) ?? undefined;
  } finally {
    await boss.stop({ graceful: false, close: false, wait: true });
  }
}

function queueOptions(job: JobDefinition) {
  return {
    name: job.name,
    policy: 'stately' as const,
    retryLimit: 3,
    retryDelay: job.retryDelaySeconds ?? 60,
    retryBackoff: true,
    expireInSeconds: job.expireInSeconds,
  };
}

/**
 * Runs the scheduled jobs on pg-boss, a job queue kept in the database itself (schema
 * `lastplan_jobs`): every instance that starts it takes part, each cron firing becomes one job,
 * each queue lets one run be active at a time and one wait ("stately"), and a run whose instance
 * died (kill -9) expires after its `expireInSeconds` and is retried by another instance.
 */
export async function startJobs(context: JobContext, options: JobOptions = {}): Promise<JobRunner> {
  const catalog = options.catalog ?? jobCatalog;
  const boss = jobQueue(context.database, {
    supervise: true,
    schedule: options.schedule ?? true,
    ...(options.superviseIntervalSeconds
      ? { maintenanceIntervalSeconds: options.superviseIntervalSeconds }
      : {}),
  });
  boss.on('error', (error) => context.logger.error('job queue error', { error: error.message }));
  await boss.start();
  for (const job of catalog) {
    await boss.createQueue(job.name, queueOptions(job));
    if (options.schedule ?? true) await boss.schedule(job.name, job.cron, {}, { tz: 'UTC' });
    const perTenant = job.perTenant;
    if (perTenant) {
      const queue = tenantQueue(job.name);
      await boss.createQueue(queue, {
        ...queueOptions(job),
        name: queue,
        policy: 'standard',
        // A tenant's run lost with its instance is retried soon; a failing one still backs off.
        retryDelay: 5,
        expireInSeconds: options.tenantExpireInSeconds ?? perTenant.expireInSeconds,
      });
      const tenantJob = { ...job, name: queue, run: () => Promise.resolve({}) };
      await boss.work<{ tenantId: string; slug: string; at: string }>(
        queue,
        { pollingIntervalSeconds: options.pollingIntervalSeconds ?? 2, batchSize: 1 },
        async ([run]) => {
          if (!run) return {};
          const tenant = { id: run.data.tenantId, slug: run.data.slug };
          return runJob(
            { ...tenantJob, run: (ctx, now) => perTenant.run(ctx, tenant, now) },
            context,
            new Date(run.data.at),
            { id: run.id, tenant: tenant.slug },
          );
        },
      );
    }
    await boss.work(
      job.name,
      { pollingIntervalSeconds: options.pollingIntervalSeconds ?? 2, batchSize: 1 },
      ([run]) => {
        const now = context.clock();
        const fanOut = async (tenants: readonly TenantRef[]) => {
          let queued = 0;
          for (const tenant of tenants) {
            const data = { tenantId: tenant.id, slug: tenant.slug, at: now.toISOString() };
            const id = run ? tenantRunId(run.id, tenant.id) : undefined;
            if (await boss.send(tenantQueue(job.name), data, id ? { id } : {})) queued += 1;
          }
          return queued;
        };
        return runJob(job, perTenant ? { ...context, fanOut } : context, now, { id: run?.id });
      },
    );
  }
  return {
    async runNow(name) {
      if (!catalog.some((job) => job.name === name)) throw new Error(`no job named ${name}`);
      return (await boss.send(name, {})) ?? undefined;
    },
    async stop(timeoutMs = 30_000) {
      await boss.stop({ graceful: true, wait: true, close: false, timeout: timeoutMs });
    },
  };
}
