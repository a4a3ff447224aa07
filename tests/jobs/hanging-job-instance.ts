// A lastplan instance for the kill -9 test: runs a job queue whose one job starts, says so on
// stdout, and never finishes, until the test kills this process.
import { startJobs } from '../../src/jobs/start-jobs.ts';
import { silentLogger } from '../../src/logger.ts';
import { openPostgres } from '../../src/store/open-postgres.ts';
import { hangingJob } from './hanging-job.ts';

const database = openPostgres(process.env.DATABASE_URL as string, { max: 2 });
const jobs = await startJobs(
  { database, logger: silentLogger, clock: () => new Date(), retentionDays: 0, fxMaxAgeDays: 14 },
  { catalog: [hangingJob(() => new Promise(() => {}))], schedule: false, pollingIntervalSeconds: 0.5 },
);
process.stdout.write('ready\n');
if (process.argv[2] === 'send') await jobs.runNow('probe-hang');
