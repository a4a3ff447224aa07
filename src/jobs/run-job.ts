import type { JobContext, JobDefinition, JobOutcome } from './job-context.ts';

/**
 * Runs one job and logs its outcome ("job done" with its counts and duration, or "job failed"),
 * rethrowing a failure so the caller can retry it. The job queue on Node and the Worker's Cron
 * Triggers both run jobs through this.
 */
export async function runJob(
  job: JobDefinition,
  context: JobContext,
  now: Date,
  fields: Readonly<Record<string, unknown>> = {},
): Promise<JobOutcome> {
  const started = performance.now();
  try {
    const outcome = await job.run(context, now);
    context.logger.info('job done', {
      job: job.name,
      ...fields,
      ms: Math.round(performance.now() - started),
      ...outcome,
    });
    return outcome;
  } catch (error) {
    context.logger.error('job failed', { job: job.name, ...fields, error: (error as Error).message });
    throw error;
  }
}
