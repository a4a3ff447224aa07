import { defaultIngestSettings } from '../config.ts';
import type { AppDeps } from '../deps.ts';

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

/** The receivers' limits: the validated settings of config.ts (LASTPLAN_CSV_MAX_BYTES, LASTPLAN_MAX_SERIES, LASTPLAN_RAW_RETENTION_DAYS). */
export function ingestLimits(deps: AppDeps): IngestLimits {
  const settings = deps.ingest ?? defaultIngestSettings;
  return {
    bodyBytes: deps.maxBodyBytes,
    csvBytes: settings.csvMaxBytes,
    maxSeries: settings.maxSeries,
    retentionDays: settings.rawRetentionDays,
  };
}
