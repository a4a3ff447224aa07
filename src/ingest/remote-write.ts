/**
 * Prometheus remote write 1.0: a snappy-compressed (block format) protobuf `prompb.WriteRequest`
 * (`timeseries = 1`, `metadata = 3`; `TimeSeries { labels = 1, samples = 2, exemplars = 3,
 * histograms = 4 }`; `Label { name = 1, value = 2 }`; `Sample { value = 1 (double), timestamp = 2
 * (int64 ms) }`; `MetricMetadata { type = 1, metric_family_name = 2, help = 4, unit = 5 }`).
 *
 * The metric is the `__name__` label, the service the `service` label, else `job`; that label
 * leaves the label set, `instance` and the rest stay. Senders must sort labels by name; we do not
 * insist, since the label set is sorted on validation anyway. Kind and unit come from the family's
 * metadata where known (in this request, or from an earlier one through `metadata`), else from
 * the naming conventions (see `prometheusSeriesKind`).
 *
 * Values lastplan cannot plan with are skipped and counted, never refused: staleness markers (a
 * special NaN Prometheus writes when a series disappears), ordinary NaN (a summary quantile
 * without observations, a ratio of 0/0) and ±Inf. Prometheus' own metrics and node_exporter's
 * carry them in every scrape, and a 4xx for them would mark whole healthy batches as failed.
 * Native histograms are rejected with a reason; exemplars are skipped (the samples they annotate
 * are stored anyway).
 */
import {
  type FamilyMetadata,
  familyMetadata,
  type MetadataLookup,
  type PrometheusSeries,
  prometheusSeriesKind,
} from './prometheus-naming.ts';
import { ProtoReader, WireType } from './protobuf-reader.ts';
import type { DecodedBatch, Rejection } from './sample.ts';
import { snappyDecompress } from './snappy.ts';
import { isProblem, validatePoint, validateSeries } from './validate-sample.ts';

export interface RemoteWriteOptions {
  readonly now: number;
  /** Maximum uncompressed size; larger bodies are `payload-too-large`. */
  readonly maxBytes: number;
  /** Metadata of families received in earlier requests (Prometheus sends it in requests of its own). */
  readonly metadata?: MetadataLookup;
}

/** Samples skipped because their value is not a number lastplan can store. */
export interface SkippedSamples {
  /** Staleness markers: the series disappeared from its target. */
  stale: number;
  /** Ordinary NaN. */
  nan: number;
  /** +Inf or -Inf. */
  inf: number;
}

/**
 * A decoded request; `received` is the number of samples (plus native histograms) it carried,
 * `metadata` the family metadata it carried.
 */
export interface RemoteWriteBatch extends DecodedBatch {
  received: number;
  skipped: SkippedSamples;
  metadata: FamilyMetadata[];
}

const { len: LEN, i64: I64, varint: VARINT } = WireType;

/**
 * Decompresses and decodes a remote-write request body.
 *
 * @example decodeRemoteWrite(await readBody(req.body, { limit }), { now: Date.now(), maxBytes: 32 << 20 })
 * @throws DomainError `malformed-body` for corrupt snappy or protobuf, `payload-too-large` over `maxBytes`
 */
export function decodeRemoteWrite(body: Uint8Array, options: RemoteWriteOptions): RemoteWriteBatch {
  return decodeWriteRequest(snappyDecompress(body, options.maxBytes), options.now, options.metadata);
}

/**
 * Total of skipped samples.
 *
 * @example skippedCount({ stale: 1, nan: 2, inf: 0 }) // 3
 */
export function skippedCount(skipped: SkippedSamples): number {
  return skipped.stale + skipped.nan + skipped.inf;
}

/**
 * Decodes an uncompressed `WriteRequest`.
 *
 * @example decodeWriteRequest(new Uint8Array(0), Date.now()) // { samples: [], rejected: [], received: 0, ... }
 */
export function decodeWriteRequest(bytes: Uint8Array, now: number, known?: MetadataLookup): RemoteWriteBatch {
  const batch: RemoteWriteBatch = {
    samples: [],
    rejected: [],
    received: 0,
    skipped: { stale: 0, nan: 0, inf: 0 },
    metadata: [],
  };
  // Metadata first, wherever it sits in the message, so it applies to the series beside it.
  const r = new ProtoReader(bytes);
  while (!r.done) {
    const [field, wire] = r.tag();
    if (field === 3) {
      r.expect(wire, LEN, 'metadata');
      const metadata = readMetadata(r.message());
      if (metadata !== undefined) batch.metadata.push(metadata);
    } else r.skip(wire);
  }
  const inRequest = new Map(batch.metadata.map((m) => [m.family, m]));
  const lookup: MetadataLookup = (family) => inRequest.get(family) ?? known?.(family);
  const s = new ProtoReader(bytes);
  let series = 0;
  while (!s.done) {
    const [field, wire] = s.tag();
    if (field === 1) {
      s.expect(wire, LEN, 'timeseries');
      decodeTimeSeries(s.message(), `/timeseries/${series++}`, now, lookup, batch);
    } else s.skip(wire);
  }
  return batch;
}

/** Bit pattern of Prometheus' staleness marker (`value.StaleNaN`), read from the wire as is: a NaN's
 * payload does not reliably survive a trip through a JavaScript number. */
const STALE_NAN_HIGH = 0x7ff00000;
const STALE_NAN_LOW = 0x00000002;
const STALE = Symbol('stale');
const scratch = new DataView(new ArrayBuffer(8));

function decodeTimeSeries(
  r: ProtoReader,
  at: string,
  now: number,
  lookup: MetadataLookup,
  batch: RemoteWriteBatch,
): void {
  const labels: [string, string][] = [];
  const points: { value: number | typeof STALE; ts: number }[] = [];
  let histograms = 0;
  while (!r.done) {
    const [field, wire] = r.tag();
    if (field === 1) {
      r.expect(wire, LEN, 'labels');
      labels.push(readLabel(r.message()));
    } else if (field === 2) {
      r.expect(wire, LEN, 'samples');
      points.push(readSample(r.message()));
    } else if (field === 4) {
      r.skip(wire);
      histograms++;
    } else r.skip(wire);
  }
  const first = batch.received;
  batch.received += points.length + histograms;
  const rejectSeries = (reason: string, count: number, pointer = at): void => {
    if (count === 0) return;
    const rejection: Rejection = { index: first, pointer, reason };
    if (count !== 1) rejection.count = count;
    batch.rejected.push(rejection);
  };
  const series = seriesOf(labels, lookup);
  if (typeof series === 'string') {
    rejectSeries(series, points.length + histograms, `${at}/labels`);
    return;
  }
  // Exemplars (field 3) annotate samples that are stored anyway, so skipping them loses nothing.
  rejectSeries(
    'native histograms are not supported; send classic histograms',
    histograms,
    `${at}/histograms`,
  );
  const valid = validateSeries(series);
  if (isProblem(valid)) {
    rejectSeries(valid.reason, points.length, `${at}/labels`);
    return;
  }
  points.forEach(({ value, ts }, i) => {
    if (value === STALE) batch.skipped.stale++;
    else if (Number.isNaN(value)) batch.skipped.nan++;
    else if (!Number.isFinite(value)) batch.skipped.inf++;
    else {
      const sample = validatePoint(valid, ts, value, now);
      if (isProblem(sample)) {
        const field = sample.field === 'ts' ? 'timestamp' : 'value';
        batch.rejected.push({
          index: first + i,
          pointer: `${at}/samples/${i}/${field}`,
          reason: sample.reason,
        });
      } else batch.samples.push(sample);
    }
  });
}

interface RemoteSeries extends PrometheusSeries {
  readonly service: string;
  readonly metric: string;
  readonly labels: Record<string, string>;
}

function seriesOf(labels: readonly [string, string][], lookup: MetadataLookup): RemoteSeries | string {
  const map: Record<string, string> = Object.create(null);
  for (const [name, value] of labels) {
    if (Object.hasOwn(map, name)) return `label '${name.slice(0, 60)}' appears twice`;
    map[name] = value;
  }
  const metric = map.__name__;
  if (metric === undefined || metric === '') return 'series has no __name__ label';
  const serviceLabel = map.service !== undefined && map.service !== '' ? 'service' : 'job';
  const service = map[serviceLabel];
  if (service === undefined || service === '') return "series has neither a 'service' nor a 'job' label";
  delete map.__name__;
  delete map[serviceLabel];
  return { service, metric, ...prometheusSeriesKind(metric, lookup), labels: map };
}

function readMetadata(r: ProtoReader): FamilyMetadata | undefined {
  const raw = { type: 0, family: '', help: '', unit: '' };
  while (!r.done) {
    const [field, wire] = r.tag();
    if (field === 1) {
      r.expect(wire, VARINT, 'type');
      raw.type = r.varint();
    } else if (field === 2) {
      r.expect(wire, LEN, 'metric_family_name');
      raw.family = r.string();
    } else if (field === 4) {
      r.expect(wire, LEN, 'help');
      raw.help = r.string();
    } else if (field === 5) {
      r.expect(wire, LEN, 'unit');
      raw.unit = r.string();
    } else r.skip(wire);
  }
  return familyMetadata(raw);
}

function readLabel(r: ProtoReader): [string, string] {
  let name = '';
  let value = '';
  while (!r.done) {
    const [field, wire] = r.tag();
    if (field === 1) {
      r.expect(wire, LEN, 'name');
      name = r.string();
    } else if (field === 2) {
      r.expect(wire, LEN, 'value');
      value = r.string();
    } else r.skip(wire);
  }
  return [name, value];
}

function readSample(r: ProtoReader): { value: number | typeof STALE; ts: number } {
  let value: number | typeof STALE = 0;
  let ts = 0;
  while (!r.done) {
    const [field, wire] = r.tag();
    if (field === 1) {
      r.expect(wire, I64, 'value');
      const low = r.fixed32();
      const high = r.fixed32();
      if (high === STALE_NAN_HIGH && low === STALE_NAN_LOW) value = STALE;
      else {
        scratch.setUint32(0, low, true);
        scratch.setUint32(4, high, true);
        value = scratch.getFloat64(0, true);
      }
    } else if (field === 2) {
      r.expect(wire, VARINT, 'timestamp');
      ts = r.int64();
    } else r.skip(wire);
  }
  return { value, ts };
}
