import { deleteExpiredSamples } from '../store/sample-retention.ts';
import { withTenant } from '../store/with-tenant.ts';
import type { IngestRun } from './ingest-run.ts';

const DAY = 86_400_000;
const HOUR = 3_600_000;
/** When each tenant was last pruned by an ingest in this process (the nightly retention job prunes too). */
const lastPrune = new Map<string, number>();

/**
 * Deletes the tenant's expired raw samples, at most once an hour per process, after an ingest.
 * A failure is logged, never answered: the samples of the request are committed already.
 */
export async function pruneExpiredSamplesIfDue(run: IngestRun): Promise<void> {
  const { retentionDays } = run.limits;
  if (retentionDays <= 0) return;
  if ((lastPrune.get(run.tenantId) ?? 0) > run.now - HOUR) return;
  lastPrune.set(run.tenantId, run.now);
  const before = new Date(run.now - retentionDays * DAY);
  try {
    const deleted = await withTenant(run.deps.database, run.tenantId, (tx) =>
      deleteExpiredSamples(tx, run.tenantId, before),
    );
    if (deleted > 0) run.deps.logger.info('raw samples pruned', { deleted, before: before.toISOString() });
  } catch (error) {
    run.deps.logger.warn('pruning raw samples failed', { error: (error as Error).message });
  }
}
