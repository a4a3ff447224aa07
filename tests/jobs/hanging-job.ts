import type { JobDefinition } from '../../src/jobs/job-context.ts';

/** A test job: expires 2 s after it starts, is retried after 1 s, and does what `body` does. */
export function hangingJob(body: () => Promise<void>): JobDefinition {
  return {
    name: 'probe-hang',
    cron: '0 0 1 1 *',
    description: 'a job for the kill -9 test',
    expireInSeconds: 2,
    retryDelaySeconds: 1,
    run: async () => {
      process.stdout.write('probe-hang started\n');
      await body();
      return { finished: 1 };
    },
  };
}
