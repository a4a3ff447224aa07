import { DomainError } from '../domain/errors.ts';
import type { IngestSummary } from '../ingest/ingest-tally.ts';
import type { DecodedBatch, SampleInput } from '../ingest/sample.ts';
import type { IngestRun } from './ingest-run.ts';
import { pruneExpiredSamplesIfDue } from './prune-expired-samples.ts';

/** Samples per transaction of a streamed import: big enough for set-wise speed, small enough for memory. */
const CHUNK = 50_000;
/** Chunk transactions of one import that may run at once. */
const IN_FLIGHT = 2;

/**
 * Stores a decoded stream (CSV) in chunks of `CHUNK` samples, each committed on its own. An error
 * mid-stream reports what was committed before it under `committed`.
 */
export async function ingestStream(
  run: IngestRun,
  batches: AsyncIterable<DecodedBatch>,
): Promise<IngestSummary> {
  let pending: SampleInput[] = [];
  // Later chunks are decoded while earlier ones commit: PostgreSQL works in processes of its own,
  // so up to IN_FLIGHT transactions run beside the parser.
  const inflight: Promise<void>[] = [];
  const flush = async () => {
    const chunk = pending;
    pending = [];
    if (inflight.length >= IN_FLIGHT) await inflight.shift();
    const commit = run.commit(chunk);
    // A failure is reported by the next await, and never left unhandled meanwhile.
    commit.catch(() => undefined);
    inflight.push(commit);
  };
  try {
    for await (const batch of batches) {
      run.tally.refuse(batch.rejected);
      for (const sample of batch.samples) pending.push(sample);
      if (pending.length >= CHUNK) await flush();
    }
    await flush();
    while (inflight.length > 0) await inflight.shift();
  } catch (error) {
    await Promise.allSettled(inflight);
    const summary = run.tally.summary();
    if (error instanceof DomainError && summary.accepted > 0) {
      const { rejected: _, ...committed } = summary;
      throw new DomainError(
        error.kind,
        `${error.message}; ${committed.accepted} samples before this point were committed`,
        error.errors,
        { ...error.extensions, committed },
      );
    }
    throw error;
  }
  await pruneExpiredSamplesIfDue(run);
  return run.tally.summary();
}
