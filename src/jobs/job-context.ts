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
  /**
   * Queues one run of the job's `perTenant` work for each tenant, for whichever instance takes it
   * (the job queue on Node). Returns how many were queued. Absent (the Worker's Cron Triggers):
   * the job does the tenants itself, one after the other.
   */
  readonly fanOut?: ((tenants: readonly TenantRef[]) => Promise<number>) | undefined;
}

/** A tenant as a per-tenant run gets it. */
export interface TenantRef {
  readonly id: string;
  readonly slug: string;
}

/** A job's work for one tenant, queued by its scheduled run and taken by any instance. */
export interface PerTenantWork {
  /** How long one tenant's run may take before it counts as lost (its instance died) and is retried. */
  readonly expireInSeconds: number;
  run(context: JobContext, tenant: TenantRef, now: Date): Promise<JobOutcome>;
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
  /** Work split by tenant (queue `<name>.tenant`), so that many instances share one run. */
  readonly perTenant?: PerTenantWork;
  run(context: JobContext, now: Date): Promise<JobOutcome>;
}
