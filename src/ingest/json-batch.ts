/**
 * The `POST /v1/metrics` JSON body: a list of series, each with its points.
 *
 * ```json
 * { "series": [ { "service": "kfz-zulassung", "metric": "requests_per_second", "unit": "1/s",
 *     "kind": "gauge", "labels": { "env": "prod" },
 *     "points": [["2026-11-23T10:00:00Z", 12.5], [1795428060000, 13], { "ts": "...", "value": 14 }] } ] }
 * ```
 *
 * `unit` (default: none, or the canonical unit of a known metric), `kind` (default `gauge`) and
 * `labels` are optional. A body that is not this shape is refused as a whole; a bad series or
 * point is refused alone, with a JSON pointer to the offending member.
 */
import { DomainError } from '../domain/errors.ts';
import { describe } from './parse-timestamp.ts';
import type { DecodedBatch, Rejection } from './sample.ts';
import {
  isProblem,
  type SeriesCandidate,
  toRejection,
  validatePoint,
  validateSeries,
} from './validate-sample.ts';

export interface JsonBatchOptions {
  /** Epoch ms; timestamps more than an hour after it are refused. */
  readonly now: number;
}

const seriesKeys = new Set(['service', 'metric', 'unit', 'kind', 'labels', 'points']);
const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Parses and validates a JSON batch body.
 *
 * @example decodeJsonBatch('{"series":[]}', { now: Date.now() }) // { samples: [], rejected: [] }
 * @throws DomainError `malformed-body` for bytes that are not UTF-8 JSON, `validation` for JSON of the wrong shape
 */
export function decodeJsonBatch(body: string | Uint8Array, options: JsonBatchOptions): DecodedBatch {
  let text: string;
  try {
    text = typeof body === 'string' ? body : utf8.decode(body);
  } catch {
    throw new DomainError('malformed-body', 'request body is not valid UTF-8');
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new DomainError('malformed-body', `request body is not valid JSON: ${(error as Error).message}`);
  }
  return decodeJsonBatchValue(value, options);
}

/**
 * Validates an already parsed JSON batch.
 *
 * @example decodeJsonBatchValue({ series: [] }, { now: Date.now() }) // { samples: [], rejected: [] }
 */
export function decodeJsonBatchValue(value: unknown, options: JsonBatchOptions): DecodedBatch {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw shapeError('', `body must be an object with a 'series' array, got ${describe(value)}`);
  }
  const series = (value as Record<string, unknown>).series;
  if (!Array.isArray(series)) {
    throw shapeError(
      '/series',
      `'series' must be an array, got ${series === undefined ? 'nothing' : describe(series)}`,
    );
  }
  const batch: DecodedBatch = { samples: [], rejected: [] };
  let ordinal = 0;
  for (let i = 0; i < series.length; i++) {
    ordinal += decodeSeries(series[i], `/series/${i}`, ordinal, options.now, batch);
  }
  return batch;
}

/** Decodes one series into `batch`; returns how many samples it stood for. */
function decodeSeries(item: unknown, at: string, first: number, now: number, batch: DecodedBatch): number {
  if (typeof item !== 'object' || item === null || Array.isArray(item)) {
    batch.rejected.push({
      index: first,
      pointer: at,
      reason: `series must be an object, got ${describe(item)}`,
    });
    return 1;
  }
  const record = item as Record<string, unknown>;
  const unknownKey = Object.keys(record).find((key) => !seriesKeys.has(key));
  const points = record.points;
  const count = Array.isArray(points) ? points.length : 1;
  const reject = (rejection: Rejection): number => {
    if (count !== 1) rejection.count = count;
    batch.rejected.push(rejection);
    return count;
  };
  if (unknownKey !== undefined) {
    return reject({
      index: first,
      pointer: `${at}/${unknownKey.replaceAll('~', '~0').replaceAll('/', '~1')}`,
      reason: `unknown field '${unknownKey.slice(0, 60)}'; expected ${[...seriesKeys].join(', ')}`,
    });
  }
  if (!Array.isArray(points)) {
    return reject({
      index: first,
      pointer: `${at}/points`,
      reason: `points must be an array, got ${describe(points)}`,
    });
  }
  const series = validateSeries(record as unknown as SeriesCandidate);
  if (isProblem(series)) {
    return reject(
      toRejection(series, {
        index: first,
        pointer: `${at}/${series.field}`,
        pointers: { labels: `${at}/labels` },
      }),
    );
  }
  for (let j = 0; j < points.length; j++) {
    const point: unknown = points[j];
    const pointAt = `${at}/points/${j}`;
    let ts: unknown;
    let value: unknown;
    let tsAt: string;
    let valueAt: string;
    if (Array.isArray(point) && point.length === 2) {
      [ts, value] = point;
      tsAt = `${pointAt}/0`;
      valueAt = `${pointAt}/1`;
    } else if (
      typeof point === 'object' &&
      point !== null &&
      !Array.isArray(point) &&
      'ts' in point &&
      'value' in point
    ) {
      ({ ts, value } = point as { ts: unknown; value: unknown });
      tsAt = `${pointAt}/ts`;
      valueAt = `${pointAt}/value`;
    } else {
      batch.rejected.push({
        index: first + j,
        pointer: pointAt,
        reason: `point must be [timestamp, value] or {"ts": ..., "value": ...}, got ${describe(point)}`,
      });
      continue;
    }
    const sample = validatePoint(series, ts, value, now);
    if (isProblem(sample)) {
      batch.rejected.push({
        index: first + j,
        pointer: sample.field === 'ts' ? tsAt : valueAt,
        reason: sample.reason,
      });
    } else batch.samples.push(sample);
  }
  return points.length;
}

function shapeError(pointer: string, detail: string): DomainError {
  return new DomainError('validation', detail, [{ pointer, detail }]);
}
