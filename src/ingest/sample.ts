/**
 * The one shape every receiver (JSON, CSV, OTLP, Prometheus remote write) decodes into, so the
 * store sees a single validated-sample path whatever the wire format was.
 */

/** `counter` is a cumulative monotonic total; `delta` is an increase over the interval ending at `ts`. */
export type SeriesKind = 'gauge' | 'counter' | 'delta';

export const seriesKinds: readonly SeriesKind[] = ['gauge', 'counter', 'delta'];

/** One validated sample: names checked, unit canonical, value converted to that unit, ts in epoch ms UTC. */
export interface SampleInput {
  service: string;
  metric: string;
  unit: string;
  kind: SeriesKind;
  /** Keys sorted, so equal label sets serialise equally. */
  labels: Readonly<Record<string, string>>;
  ts: number;
  value: number;
}

/**
 * One rejected item. `index` is the 0-based ordinal of the (first) rejected sample in the request,
 * counted across all series in body order; `line` is the 1-based CSV line; `pointer` is an RFC 6901
 * JSON pointer (for binary formats, the same path spelled with the protobuf field names);
 * `count` is how many samples this rejection stands for when a whole series was refused (default 1).
 */
export interface Rejection {
  index: number;
  line?: number;
  pointer?: string;
  reason: string;
  count?: number;
}

export interface DecodedBatch {
  samples: SampleInput[];
  rejected: Rejection[];
}

/**
 * Number of samples refused in a batch (a series-level rejection counts all its points).
 *
 * @example rejectedSamples({ samples: [], rejected: [{ index: 0, reason: 'x', count: 3 }] }) // 3
 */
export function rejectedSamples(batch: DecodedBatch): number {
  let total = 0;
  for (const rejection of batch.rejected) total += rejection.count ?? 1;
  return total;
}
