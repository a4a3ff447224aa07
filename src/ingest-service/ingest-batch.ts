import type { IngestSummary } from '../ingest/ingest-tally.ts';
import type { DecodedBatch } from '../ingest/sample.ts';
import type { IngestRun } from './ingest-run.ts';
import { pruneExpiredSamplesIfDue } from './prune-expired-samples.ts';

/**
 * Stores one decoded request (JSON batch, OTLP, remote write) in one chunk and answers what was
 * stored and refused; every accepted sample is committed when it returns.
 */
export async function ingestBatch(run: IngestRun, batch: DecodedBatch): Promise<IngestSummary> {
  run.tally.refuse(batch.rejected);
  await run.commit(batch.samples);
  await pruneExpiredSamplesIfDue(run);
  return run.tally.summary();
}
