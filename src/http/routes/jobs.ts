import { type OpenAPIHono, z } from '@hono/zod-openapi';
import { jobCatalog } from '../../jobs/job-catalog.ts';
import { type JobState, listJobStates } from '../../store/job-state-store.ts';
import type { AppEnv } from '../app-env.ts';
import { securedRoute } from '../route.ts';
import { errorResponses } from '../schemas.ts';

const JobRunSchema = z
  .object({
    id: z.string(),
    state: z.enum(['created', 'retry', 'active', 'completed', 'cancelled', 'failed']),
    createdAt: z.string(),
    startedAt: z.string().nullable(),
    completedAt: z.string().nullable(),
    retryCount: z.number().int(),
    output: z
      .unknown()
      .openapi({ description: 'What the run reported: counts, or the error of a failed run' }),
  })
  .openapi('JobRun');

const JobSchema = z
  .object({
    name: z.string().openapi({ example: 'alerts' }),
    description: z.string(),
    cron: z.string().openapi({ example: '* * * * *', description: 'When it runs (cron, UTC)' }),
    scheduled: z.boolean().openapi({ description: 'Whether an instance has registered the schedule' }),
    queued: z.number().int(),
    active: z.number().int(),
    failedLastDay: z.number().int(),
    lastRun: JobRunSchema.nullable(),
  })
  .openapi('Job');

const list = securedRoute('admin', {
  method: 'get',
  path: '/v1/jobs',
  tags: ['operations'],
  summary:
    'The scheduled jobs: schedule, waiting and running runs, the last run and failures of the last day',
  description:
    'Jobs run for the whole deployment on a job queue in the database, once across all instances; see the README, "Scheduled jobs".',
  responses: {
    200: {
      description: 'Jobs',
      content: { 'application/json': { schema: z.object({ items: z.array(JobSchema) }) } },
    },
    ...errorResponses,
  },
});

function dto(state: JobState) {
  const job = jobCatalog.find((one) => one.name === state.name);
  const run = state.lastRun;
  return {
    name: state.name,
    description: job?.description ?? '',
    cron: state.cron ?? job?.cron ?? '',
    scheduled: state.cron !== null,
    queued: state.queued,
    active: state.active,
    failedLastDay: state.failedLastDay,
    lastRun: run
      ? {
          id: run.id,
          state: run.state as z.infer<typeof JobRunSchema>['state'],
          createdAt: run.createdAt.toISOString(),
          startedAt: run.startedAt?.toISOString() ?? null,
          completedAt: run.completedAt?.toISOString() ?? null,
          retryCount: run.retryCount,
          output: run.output ?? null,
        }
      : null,
  };
}

/** `GET /v1/jobs` (admin): what the scheduler did and is doing. */
export function registerJobRoutes(app: OpenAPIHono<AppEnv>): void {
  app.openapi(list, async (c) => {
    const { database, clock } = c.get('deps');
    const states = await listJobStates(
      database,
      jobCatalog.map((job) => job.name),
      clock(),
    );
    c.header('cache-control', 'no-store');
    return c.json({ items: states.map(dto) }, 200);
  });
}
