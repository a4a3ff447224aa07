import type { AppDeps } from '../../deps.ts';

/** Limits and retention of the ingest receivers. */
export interface IngestLimits {
  /** Decompressed size of a JSON, OTLP or remote-write body (the app's body limit). */
  readonly bodyBytes: number;
  /** Decompressed size of a streamed CSV body: `LASTPLAN_CSV_MAX_BYTES`, default 16 GiB. */
  readonly csvBytes: number;
  /** Series per tenant: `LASTPLAN_MAX_SERIES`, default 100,000. */
  readonly maxSeries: number;
  /** Days raw samples are kept: `LASTPLAN_RAW_RETENTION_DAYS`, 0 (default) keeps them for ever. */
  readonly retentionDays: number;
}

/**
 * Read on every request from the environment (absent in a Worker: the defaults apply), so the
 * ingest area needs no change to the shared configuration.
 */
export function ingestLimits(deps: AppDeps): IngestLimits {
  const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env ?? {};
  return {
    bodyBytes: deps.maxBodyBytes,
    csvBytes: whole(env.LASTPLAN_CSV_MAX_BYTES, 16 * 1024 ** 3),
    maxSeries: whole(env.LASTPLAN_MAX_SERIES, 100_000),
    retentionDays: whole(env.LASTPLAN_RAW_RETENTION_DAYS, 0),
  };
}

function whole(raw: string | undefined, fallback: number): number {
  return raw !== undefined && /^\d{1,15}$/.test(raw) ? Number(raw) : fallback;
}
