import { jobCatalog } from '../../jobs/job-catalog.ts';
import { queueJobNow } from '../../jobs/start-jobs.ts';
import { type JobState, listJobStates } from '../../store/job-state-store.ts';
import { withAdminDatabase } from '../admin-database.ts';
import { CliError, type CliIo } from '../cli-io.ts';
import { printJson, wantsJson } from '../json-output.ts';
import type { ParsedCommand } from '../parse-command.ts';

function lastRunText(state: JobState): string {
  const run = state.lastRun;
  if (!run) return 'never ran';
  const at = (run.completedAt ?? run.createdAt).toISOString().replace(/\.\d+Z$/, 'Z');
  return `${run.state} ${at}${run.retryCount > 0 ? ` (retry ${run.retryCount})` : ''}`;
}

export async function jobsListCommand(io: CliIo, parsed: ParsedCommand): Promise<number> {
  return withAdminDatabase(
    io,
    parsed,
    async (database) => {
      const states = await listJobStates(
        database,
        jobCatalog.map((job) => job.name),
        new Date(),
      );
      if (wantsJson(parsed)) {
        printJson(io, { items: states });
        return 0;
      }
      for (const state of states) {
        const cron =
          state.cron ?? `${jobCatalog.find((job) => job.name === state.name)?.cron} (not scheduled yet)`;
        io.stdout(
          `${state.name.padEnd(17)} ${cron.padEnd(12)} queued ${state.queued}, active ${state.active}, ` +
            `failed in 24 h ${state.failedLastDay}; last: ${lastRunText(state)}\n`,
        );
      }
      return 0;
    },
    { migrate: false },
  );
}

export async function jobsRunCommand(io: CliIo, parsed: ParsedCommand): Promise<number> {
  const name = parsed.positionals[0];
  if (!name || !jobCatalog.some((job) => job.name === name)) {
    throw new CliError(
      `${name ? `no job named "${name}"` : 'which job?'}; the jobs are ${jobCatalog.map((job) => job.name).join(', ')}`,
      2,
    );
  }
  return withAdminDatabase(io, parsed, async (database) => {
    const id = await queueJobNow(database, name);
    io.stdout(id ? `queued ${name} (run ${id})\n` : `${name} already has a run waiting; nothing queued\n`);
    return 0;
  });
}
