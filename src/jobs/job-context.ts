import type { Logger } from '../logger.ts';
import type { OutboundPolicy } from '../outbound/check-outbound-target.ts';
import type { Database } from '../store/database.ts';

/** What every scheduled job may use. */
export interface JobContext {
  readonly database: Database;
  readonly logger: Logger;
  readonly clock: () => Date;
  /** Days raw samples are kept (0 = for ever). */
  readonly retentionDays: number;
  /** A newest exchange rate older than this many days is reported as stale. */
  readonly fxMaxAgeDays: number;
  readonly outbound?: OutboundPolicy | undefined;
}

/** What a job reports when it finishes: counts that the job list and the log show. */
export type JobOutcome = Readonly<Record<string, number>>;

export interface JobDefinition {
  readonly name: string;
  /** When it runs, as cron in UTC. */
  readonly cron: string;
  readonly description: string;
  /**
   * How long one run may take. A run that has not finished by then (its instance was killed) is
   * failed and retried by another instance.
   */
  readonly expireInSeconds: number;
  /** Wait before the first retry of a failed or expired run (default 60 s, doubling). */
  readonly retryDelaySeconds?: number;
  run(context: JobContext, now: Date): Promise<JobOutcome>;
}
