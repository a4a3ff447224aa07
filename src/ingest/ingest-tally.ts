import { DomainError } from '../domain/errors.ts';
import type { Rejection } from './sample.ts';

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

/** What one chunk's write stored, and what it refused per series. */
export interface ChunkOutcome {
  readonly accepted: number;
  readonly inserted: number;
  readonly updated: number;
  readonly unchanged: number;
  readonly rejected: readonly { readonly series: string; readonly reason: string; readonly count: number }[];
}

/** Refusals listed in a response; the count covers all of them. */
const MAX_LISTED = 1000;

/** The running result of one ingest request: refusals of the decoder and of the store, and what was stored. */
export class IngestTally {
  private readonly listed: RejectedItem[] = [];
  private totals = { accepted: 0, inserted: 0, updated: 0, unchanged: 0, rejectedCount: 0 };

  /** Records the decoder's refusals. */
  refuse(rejections: readonly Rejection[]): void {
    for (const r of rejections) {
      this.totals.rejectedCount += r.count ?? 1;
      if (this.listed.length < MAX_LISTED) this.listed.push(r);
    }
  }

  /** Records a committed chunk. */
  add(result: ChunkOutcome): void {
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

  summary(): IngestSummary {
    return { ...this.totals, rejected: [...this.listed] };
  }
}

/** Throws a 400 problem naming the first refusal when nothing at all was accepted. */
export function failIfNothingAccepted(summary: IngestSummary): void {
  if (summary.accepted > 0 || summary.rejectedCount === 0) return;
  const first = summary.rejected[0] as RejectedItem;
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
    `no sample was accepted; ${summary.rejectedCount} refused, the first at ${where}: ${first.reason}`,
    summary.rejected
      .filter((r) => r.pointer !== undefined || r.line !== undefined)
      .slice(0, 100)
      .map((r) => ({ pointer: r.pointer ?? `/line/${r.line}`, detail: r.reason })),
    { ...summary },
  );
}
