/**
 * OTLP metrics to lastplan samples. The service is the resource attribute `service.name`; data
 * point attributes become labels (other resource attributes such as `process.pid` do not: they
 * change on every restart and would split one series into many).
 *
 * | OTLP | samples |
 * |---|---|
 * | gauge | `name`, gauge |
 * | sum, monotonic, cumulative | `name`, counter (a cumulative total; see `counterIncrease`) |
 * | sum, monotonic, delta | `name`, delta |
 * | sum, not monotonic | `name`, gauge |
 * | histogram, exponential histogram | `name_count` (unit 1) and `name_sum` as counter or delta, `name_max` gauge if set |
 * | summary | `name_count`, `name_sum` as counter |
 *
 * Rejections count OTLP data points, as `partial_success.rejected_data_points` does: `index` is the
 * data point's ordinal in the request and a point with any bad part is rejected whole.
 */
import { DomainError } from '../domain/errors.ts';
import { readOtlpJson } from './otlp-json.ts';
import {
  FLAG_NO_RECORDED_VALUE,
  type OtlpData,
  type OtlpMetric,
  type OtlpNumberPoint,
  type OtlpRequest,
  type OtlpSummaryPoint,
} from './otlp-model.ts';
import { readOtlpProtobuf } from './otlp-protobuf.ts';
import type { DecodedBatch, SampleInput, SeriesKind } from './sample.ts';
import {
  isProblem,
  type SampleProblem,
  type ValidSeries,
  validatePoint,
  validateSeries,
} from './validate-sample.ts';

export type OtlpFormat = 'json' | 'protobuf';

export interface OtlpDecodeOptions {
  readonly now: number;
}

/** A decoded OTLP request; `dataPoints` is the number of data points it carried. */
export interface OtlpBatch extends DecodedBatch {
  dataPoints: number;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Decodes an OTLP `ExportMetricsServiceRequest` body (already decompressed).
 *
 * @example decodeOtlpMetrics(bytes, 'protobuf', { now: Date.now() }) // { samples, rejected, dataPoints }
 * @throws DomainError `malformed-body` for undecodable bytes, `validation` for JSON of the wrong shape
 */
export function decodeOtlpMetrics(
  body: Uint8Array,
  format: OtlpFormat,
  options: OtlpDecodeOptions,
): OtlpBatch {
  if (format === 'protobuf') return otlpToSamples(readOtlpProtobuf(body), options.now);
  let value: unknown;
  try {
    value = JSON.parse(utf8.decode(body));
  } catch (error) {
    throw new DomainError(
      'malformed-body',
      `OTLP request is not valid UTF-8 JSON: ${(error as Error).message}`,
    );
  }
  return otlpToSamples(readOtlpJson(value), options.now);
}

/**
 * Maps a decoded OTLP request to validated samples.
 *
 * @example otlpToSamples({ resources: [] }, Date.now()) // { samples: [], rejected: [], dataPoints: 0 }
 */
export function otlpToSamples(request: OtlpRequest, now: number): OtlpBatch {
  const batch: OtlpBatch = { samples: [], rejected: [], dataPoints: 0 };
  for (const resource of request.resources) {
    const service = resource.attributes['service.name'];
    for (const metric of resource.metrics) {
      const points = metric.data?.points ?? [];
      const first = batch.dataPoints;
      batch.dataPoints += points.length;
      if (metric.data === undefined || points.length === 0) continue;
      if (service === undefined) {
        batch.rejected.push(
          rejectAll(first, points.length, metric, 'resource has no service.name attribute'),
        );
        continue;
      }
      mapMetric(service, metric, metric.data, first, now, batch);
    }
  }
  return batch;
}

/** The derived series of one metric: name suffix, kind, unit, and how to read the value. */
interface Part<P> {
  readonly suffix: string;
  readonly kind: SeriesKind;
  readonly unit: string;
  readonly read: (point: P) => number | undefined;
}

function mapMetric(
  service: string,
  metric: OtlpMetric,
  data: OtlpData,
  first: number,
  now: number,
  batch: OtlpBatch,
): void {
  const temporality = 'temporality' in data ? data.temporality : 2;
  if (temporality !== 1 && temporality !== 2) {
    batch.rejected.push(
      rejectAll(
        first,
        data.points.length,
        metric,
        `aggregation temporality ${temporality} is neither delta (1) nor cumulative (2)`,
      ),
    );
    return;
  }
  const total: SeriesKind = temporality === 2 ? 'counter' : 'delta';
  const at = `${metric.path}/${data.type}/dataPoints`;
  if (data.type === 'gauge' || data.type === 'sum') {
    const kind = data.type === 'sum' && data.monotonic ? total : 'gauge';
    const parts: Part<OtlpNumberPoint>[] = [{ suffix: '', kind, unit: metric.unit, read: (p) => p.value }];
    mapPoints(service, metric, parts, data.points, at, first, now, batch);
    return;
  }
  const parts: Part<OtlpSummaryPoint>[] = [
    { suffix: '_count', kind: data.type === 'summary' ? 'counter' : total, unit: '1', read: (p) => p.count },
    {
      suffix: '_sum',
      kind: data.type === 'summary' ? 'counter' : total,
      unit: metric.unit,
      read: (p) => p.sum,
    },
    { suffix: '_max', kind: 'gauge', unit: metric.unit, read: (p) => p.max },
  ];
  mapPoints(service, metric, parts, data.points, at, first, now, batch);
}

function mapPoints<P extends OtlpNumberPoint | OtlpSummaryPoint>(
  service: string,
  metric: OtlpMetric,
  parts: readonly Part<P>[],
  points: readonly P[],
  at: string,
  first: number,
  now: number,
  batch: OtlpBatch,
): void {
  const seriesCache = new Map<string, ValidSeries | SampleProblem>();
  for (let i = 0; i < points.length; i++) {
    const point = points[i] as P;
    if ((point.flags & FLAG_NO_RECORDED_VALUE) !== 0) continue;
    let problem = point.problem;
    const samples: SampleInput[] = [];
    for (const part of parts) {
      if (problem !== undefined) break;
      const value = part.read(point);
      if (value === undefined) {
        if (part.suffix === '') problem = 'data point has neither asDouble nor asInt';
        continue; // sum and max are optional in histograms
      }
      const name = `${metric.name}${part.suffix}`;
      // Points of one metric often share attribute sets (many points per series): check each set once.
      const key = `${part.suffix}\u0000${attributeKey(point.attributes)}`;
      let series = seriesCache.get(key);
      if (series === undefined) {
        series = validateSeries({
          service,
          metric: name,
          unit: part.unit,
          kind: part.kind,
          labels: point.attributes,
        });
        seriesCache.set(key, series);
      }
      const sample = isProblem(series) ? series : validatePoint(series, point.timeMs, value, now);
      if (isProblem(sample)) problem = part.suffix === '' ? sample.reason : `${name}: ${sample.reason}`;
      else samples.push(sample);
    }
    if (problem !== undefined) {
      batch.rejected.push({ index: first + i, pointer: `${at}/${i}`, reason: problem });
      continue;
    }
    batch.samples.push(...samples);
  }
}

function rejectAll(first: number, count: number, metric: OtlpMetric, reason: string) {
  return count === 1
    ? { index: first, pointer: metric.path, reason }
    : { index: first, pointer: metric.path, reason, count };
}

function attributeKey(attributes: Readonly<Record<string, string>>): string {
  let key = '';
  for (const name in attributes) key += `${name}\u0000${attributes[name]}\u0000`;
  return key;
}
