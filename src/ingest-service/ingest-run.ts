import type { AppDeps } from '../deps.ts';
import { DomainError } from '../domain/errors.ts';
import { type ChunkOutcome, IngestTally } from '../ingest/ingest-tally.ts';
import type { SampleInput } from '../ingest/sample.ts';
import { describeSeries, groupBySeries, type SeriesGroup } from '../ingest/series-groups.ts';
import { type PointRules, seriesPoints } from '../ingest/series-points.ts';
import { isDatabaseUnavailable } from '../store/database-unavailable.ts';
import { type SeriesSamples, upsertSamples } from '../store/sample-store.ts';
import { withTenant } from '../store/with-tenant.ts';
import { type IngestLimits, ingestLimits } from './ingest-limits.ts';
import { SeriesResolver } from './series-resolver.ts';

const DAY = 86_400_000;
/** Attempts of one chunk when concurrent writers deadlock on the same rollup rows. */
const ATTEMPTS = 3;

export interface IngestRunOptions {
  /** The sender only guessed the kind (remote write before metadata arrived); see `PointRules`. */
  readonly kindIsHint?: boolean;
}

/**
 * One ingest request of one tenant: the limits its decoder reads by, and the committer of its
 * chunks. Each chunk is written in its own transaction (after a short one that creates its new
 * series, when it has any), so whatever `tally` reports as accepted has been committed.
 */
export class IngestRun {
  readonly limits: IngestLimits;
  /** Epoch ms the decoders judge timestamps by. */
  readonly now: number;
  readonly tally = new IngestTally();
  private readonly rules: PointRules;
  private readonly series: SeriesResolver;
  private readonly labelKeys = new WeakMap<object, string>();

  constructor(
    readonly deps: AppDeps,
    readonly tenantId: string,
    options: IngestRunOptions = {},
  ) {
    this.limits = ingestLimits(deps);
    this.now = deps.clock().getTime();
    const oldestTs = this.limits.retentionDays > 0 ? this.now - this.limits.retentionDays * DAY : undefined;
    this.rules = { oldestTs, kindIsHint: options.kindIsHint };
    this.series = new SeriesResolver(tenantId, deps.newId, this.limits.maxSeries);
  }

  /** Stores and commits one chunk of validated samples; retries it whole after a deadlock. */
  async commit(samples: readonly SampleInput[]): Promise<void> {
    if (samples.length === 0) return;
    const groups = groupBySeries(samples, this.labelKeys);
    const { database } = this.deps;
    for (let attempt = 1; ; attempt++) {
      try {
        // New series in a short transaction of their own, so the per-tenant series lock does
        // not serialise concurrent sample writes.
        const unknown = this.series.unknown(groups);
        if (unknown.length > 0)
          await withTenant(database, this.tenantId, (tx) => this.series.resolve(tx, unknown));
        const outcome = await withTenant(database, this.tenantId, async (tx) => {
          // Only if a concurrent request reset what was resolved meanwhile.
          const late = this.series.unknown(groups);
          if (late.length > 0) await this.series.resolve(tx, late);
          const { batch, outcome } = this.toWrite(groups, samples.length);
          return outcome(await writeSamples(tx, this.tenantId, batch));
        });
        this.tally.add(outcome);
        return;
      } catch (error) {
        const code = (error as { code?: string }).code;
        if (attempt < ATTEMPTS && (code === '40P01' || code === '40001')) {
          this.series.reset();
          continue;
        }
        if (!isDatabaseUnavailable(error)) throw error;
        this.deps.logger.warn('database unavailable', { error: (error as Error).message, code });
        throw new DomainError(
          'database-unavailable',
          `the database cannot be reached; ${samples.length} samples of this request were not stored, retry later`,
        );
      }
    }
  }

  /** The points to write per resolved series, and how to count the chunk once they are written. */
  private toWrite(groups: ReadonlyMap<string, SeriesGroup>, size: number) {
    const rejected: { series: string; reason: string; count: number }[] = [];
    const batch: SeriesSamples[] = [];
    for (const [key, group] of groups) {
      const series = this.series.get(key);
      if (series === undefined || 'reason' in series) {
        const reason = series?.reason ?? 'the series could not be resolved';
        rejected.push({ series: describeSeries(group.first), reason, count: group.samples.length });
        continue;
      }
      const { points, refused } = seriesPoints(series, group.samples, this.rules);
      for (const [reason, count] of refused)
        rejected.push({ series: describeSeries(group.first), reason, count });
      batch.push({ seriesId: series.id, seriesKey: series.key, kind: series.kind, points });
    }
    let refused = 0;
    for (const r of rejected) refused += r.count;
    let distinct = 0;
    for (const s of batch) distinct += s.points.size;
    const accepted = size - refused;
    const outcome = (written: { inserted: number; updated: number; unchanged: number }): ChunkOutcome => ({
      ...written,
      // A timestamp repeated inside the chunk was folded into one write (last wins): the others are unchanged.
      unchanged: written.unchanged + accepted - distinct,
      accepted,
      rejected,
    });
    return { batch, outcome };
  }
}

/** Upserts the points, naming the one value error a sender can cause. */
async function writeSamples(
  tx: Parameters<typeof upsertSamples>[0],
  tenantId: string,
  batch: SeriesSamples[],
) {
  try {
    return await upsertSamples(tx, tenantId, batch);
  } catch (error) {
    // float8 sums that leave the double range (values near 1e308) fail in PostgreSQL.
    if ((error as { code?: string }).code !== '22003') throw error;
    throw new DomainError(
      'validation',
      'values are so large that their hourly sum leaves the double-precision range; send them in a larger unit',
    );
  }
}
