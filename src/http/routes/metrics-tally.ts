import type { Context } from 'hono';
import { DomainError } from '../../domain/errors.ts';
import type { Rejection, SampleInput } from '../../ingest/sample.ts';
import { isDatabaseUnavailable } from '../../store/database-unavailable.ts';
import { type IngestOptions, type IngestResult, IngestSession } from '../../store/sample-ingest.ts';
import { deleteExpiredSamples } from '../../store/sample-retention.ts';
import { withTenant } from '../../store/with-tenant.ts';
import type { AppEnv } from '../app-env.ts';
import { type IngestLimits, ingestLimits } from './metrics-limits.ts';

/** One refused item in an ingest response: where it was (index, CSV line, pointer or series) and why. */
export interface RejectedItem {
  readonly index?: number;
  readonly line?: number;
  readonly pointer?: string;
  readonly series?: string;
  readonly reason: string;
  /** Samples this entry stands for, when more than one. */
  readonly count?: number;
}

export interface IngestSummary {
  readonly accepted: number;
  readonly inserted: number;
  readonly updated: number;
  readonly unchanged: number;
  /** Samples refused in all. */
  readonly rejectedCount: number;
  /** The first `MAX_LISTED` refusals. */
  readonly rejected: RejectedItem[];
}

/** Refusals listed in a response; the count covers all of them. */
const MAX_LISTED = 1000;
const DAY = 86_400_000;
const HOUR = 3_600_000;
const lastPrune = new Map<string, number>();

/**
 * The running result of one ingest request, and the committer of its chunks: each chunk is one
 * transaction, so whatever `summary()` reports as accepted has been committed.
 */
export class IngestTally {
  readonly limits: IngestLimits;
  readonly now: number;
  private readonly session: IngestSession;
  private readonly listed: RejectedItem[] = [];
  private totals = { accepted: 0, inserted: 0, updated: 0, unchanged: 0, rejectedCount: 0 };

  constructor(
    private readonly c: Context<AppEnv>,
    options: Pick<IngestOptions, 'kindIsHint'> = {},
  ) {
    const deps = c.get('deps');
    this.limits = ingestLimits(deps);
    this.now = deps.clock().getTime();
    const oldestTs = this.limits.retentionDays > 0 ? this.now - this.limits.retentionDays * DAY : undefined;
    this.session = new IngestSession(c.get('principal').tenantId, {
      newId: deps.newId,
      maxSeries: this.limits.maxSeries,
      oldestTs,
      ...options,
    });
  }

  /** Records the decoder's refusals. */
  refuse(rejections: readonly Rejection[]): void {
    for (const r of rejections) {
      this.totals.rejectedCount += r.count ?? 1;
      if (this.listed.length < MAX_LISTED) this.listed.push(r);
    }
  }

  /** Stores and commits one chunk of validated samples. */
  async commit(samples: readonly SampleInput[]): Promise<void> {
    if (samples.length === 0) return;
    for (let attempt = 1; ; attempt++) {
      try {
        const database = this.c.get('deps').database;
        const tenantId = this.c.get('principal').tenantId;
        const chunk = this.session.group(samples);
        await withTenant(database, tenantId, (tx) => this.session.prepare(tx, chunk));
        const result = await withTenant(database, tenantId, (tx) => this.session.store(tx, chunk));
        this.add(result);
        return;
      } catch (error) {
        // Concurrent writers to the same rollup rows can deadlock; the loser is rolled back whole.
        const code = (error as { code?: string }).code;
        if (attempt >= 3 || (code !== '40P01' && code !== '40001')) {
          if (!isDatabaseUnavailable(error)) throw error;
          this.c.get('logger').warn('database unavailable', { error: (error as Error).message, code });
          throw new DomainError(
            'database-unavailable',
            `the database cannot be reached; ${samples.length} samples of this request were not stored, retry later`,
          );
        }
        this.session.reset();
      }
    }
  }

  summary(): IngestSummary {
    return { ...this.totals, rejected: [...this.listed] };
  }

  /** Throws a 400 problem naming the first refusal when nothing at all was accepted. */
  failIfNothingAccepted(): void {
    if (this.totals.accepted > 0 || this.totals.rejectedCount === 0) return;
    const first = this.listed[0] as RejectedItem;
    const where =
      first.line !== undefined
        ? `line ${first.line}`
        : first.pointer !== undefined
          ? first.pointer
          : first.series !== undefined
            ? first.series
            : `item ${first.index}`;
    throw new DomainError(
      'validation',
      `no sample was accepted; ${this.totals.rejectedCount} refused, the first at ${where}: ${first.reason}`,
      this.listed
        .filter((r) => r.pointer !== undefined || r.line !== undefined)
        .slice(0, 100)
        .map((r) => ({ pointer: r.pointer ?? `/line/${r.line}`, detail: r.reason })),
      { ...this.summary() },
    );
  }

  /** Deletes expired raw samples of the tenant, at most once an hour per process. */
  async pruneIfDue(): Promise<void> {
    if (this.limits.retentionDays <= 0) return;
    const tenantId = this.c.get('principal').tenantId;
    if ((lastPrune.get(tenantId) ?? 0) > this.now - HOUR) return;
    lastPrune.set(tenantId, this.now);
    const before = new Date(this.now - this.limits.retentionDays * DAY);
    try {
      const deleted = await withTenant(this.c.get('deps').database, tenantId, (tx) =>
        deleteExpiredSamples(tx, tenantId, before),
      );
      if (deleted > 0)
        this.c.get('logger').info('raw samples pruned', { deleted, before: before.toISOString() });
    } catch (error) {
      this.c.get('logger').warn('pruning raw samples failed', { error: (error as Error).message });
    }
  }

  private add(result: IngestResult): void {
    this.totals.accepted += result.accepted;
    this.totals.inserted += result.inserted;
    this.totals.updated += result.updated;
    this.totals.unchanged += result.unchanged;
    for (const r of result.rejected) {
      this.totals.rejectedCount += r.count;
      if (this.listed.length < MAX_LISTED) {
        this.listed.push({ series: r.series, reason: r.reason, ...(r.count > 1 ? { count: r.count } : {}) });
      }
    }
  }
}
