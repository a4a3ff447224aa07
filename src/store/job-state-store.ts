import { sql } from 'kysely';
import type { Database } from './database.ts';

/** The schema the job queue keeps its tables in. */
export const JOB_SCHEMA = 'lastplan_jobs';

export interface JobRun {
  readonly id: string;
  readonly state: string;
  readonly createdAt: Date;
  readonly startedAt: Date | null;
  readonly completedAt: Date | null;
  readonly retryCount: number;
  readonly output: unknown;
}

export interface JobState {
  readonly name: string;
  readonly cron: string | null;
  readonly queued: number;
  readonly active: number;
  /** The latest finished run (completed, failed or cancelled), if any. */
  readonly lastRun: JobRun | null;
  readonly failedLastDay: number;
}

interface RunRow {
  id: string;
  name: string;
  state: string;
  created_on: Date;
  started_on: Date | null;
  completed_on: Date | null;
  retry_count: number;
  output: unknown;
}

function toRun(row: RunRow): JobRun {
  return {
    id: row.id,
    state: row.state,
    createdAt: new Date(row.created_on),
    startedAt: row.started_on ? new Date(row.started_on) : null,
    completedAt: row.completed_on ? new Date(row.completed_on) : null,
    retryCount: row.retry_count,
    output: row.output,
  };
}

/** Whether the job queue's tables exist yet (they appear when the first instance starts the jobs). */
async function hasJobTables(database: Database): Promise<boolean> {
  const found = await sql<{ n: number }>`
    select count(*)::int as n from pg_tables where schemaname = ${JOB_SCHEMA} and tablename in ('job', 'archive', 'queue')`.execute(
    database.db,
  );
  return (found.rows[0]?.n ?? 0) === 3;
}

/**
 * The state of every queue: its schedule, how many runs wait and run, the latest finished run
 * (finished runs move to the archive after a while, so both are read) and the failures of the last day.
 */
export async function listJobStates(
  database: Database,
  names: readonly string[],
  now: Date,
): Promise<JobState[]> {
  if (!(await hasJobTables(database))) {
    return names.map((name) => ({ name, cron: null, queued: 0, active: 0, lastRun: null, failedLastDay: 0 }));
  }
  const schema = sql.id(JOB_SCHEMA);
  const counts = await sql<{ name: string; state: string; n: number }>`
    select name, state::text as state, count(*)::int as n from ${schema}.job group by name, state`.execute(
    database.db,
  );
  const schedules = await sql<{
    name: string;
    cron: string;
  }>`select name, cron from ${schema}.schedule`.execute(database.db);
  const finished = await sql<RunRow>`
    select distinct on (name) id::text as id, name, state::text as state, created_on, started_on, completed_on, retry_count, output
    from (
      select id, name, state, created_on, started_on, completed_on, retry_count, output from ${schema}.job
        where state in ('completed', 'failed', 'cancelled')
      union all
      select id, name, state, created_on, started_on, completed_on, retry_count, output from ${schema}.archive
    ) runs
    order by name, completed_on desc nulls last`.execute(database.db);
  const dayAgo = new Date(now.getTime() - 86_400_000).toISOString();
  const failures = await sql<{ name: string; n: number }>`
    select name, count(*)::int as n from (
      select name, state, completed_on from ${schema}.job
      union all select name, state, completed_on from ${schema}.archive
    ) runs where state = 'failed' and completed_on >= ${dayAgo}::timestamptz group by name`.execute(
    database.db,
  );
  const count = (name: string, states: string[]) =>
    counts.rows
      .filter((row) => row.name === name && states.includes(row.state))
      .reduce((sum, row) => sum + row.n, 0);
  return names.map((name) => {
    const last = finished.rows.find((row) => row.name === name);
    return {
      name,
      cron: schedules.rows.find((row) => row.name === name)?.cron ?? null,
      queued: count(name, ['created', 'retry']),
      active: count(name, ['active']),
      lastRun: last ? toRun(last) : null,
      failedLastDay: failures.rows.find((row) => row.name === name)?.n ?? 0,
    };
  });
}
