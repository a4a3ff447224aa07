/**
 * Reads OTLP/JSON (https://opentelemetry.io/docs/specs/otlp/#json-protobuf-encoding): proto3 JSON
 * with lowerCamelCase keys (snake_case accepted too, as proto3 JSON parsers do), 64-bit integers
 * as decimal strings or numbers, enums as integers (or their names). A wrong structure throws
 * `validation` with a JSON pointer; a wrong value inside one data point only marks that point.
 */
import { DomainError } from '../domain/errors.ts';
import {
  AttributeListText,
  nanosToMillis,
  type OtlpAttributes,
  type OtlpData,
  type OtlpMetric,
  type OtlpNumberPoint,
  type OtlpRequest,
  type OtlpSummaryPoint,
} from './otlp-model.ts';
import { describe } from './parse-timestamp.ts';

type Json = Record<string, unknown>;

const temporalityNames: Readonly<Record<string, number>> = {
  AGGREGATION_TEMPORALITY_UNSPECIFIED: 0,
  AGGREGATION_TEMPORALITY_DELTA: 1,
  AGGREGATION_TEMPORALITY_CUMULATIVE: 2,
};

/**
 * Reads a parsed OTLP/JSON `ExportMetricsServiceRequest`.
 *
 * @example readOtlpJson({ resourceMetrics: [] }) // { resources: [] }
 * @throws DomainError `validation` for a body of the wrong shape
 */
export function readOtlpJson(body: unknown): OtlpRequest {
  const root = object(body, '');
  const resources = array(field(root, 'resourceMetrics'), '/resourceMetrics').map((rm, i) => {
    const at = `/resourceMetrics/${i}`;
    const resourceMetrics = object(rm, at);
    const resource = field(resourceMetrics, 'resource');
    const attributes =
      resource === undefined
        ? {}
        : readAttributes(
            field(object(resource, `${at}/resource`), 'attributes'),
            `${at}/resource/attributes`,
          );
    const metrics: OtlpMetric[] = [];
    array(field(resourceMetrics, 'scopeMetrics'), `${at}/scopeMetrics`).forEach((sm, j) => {
      const scopeAt = `${at}/scopeMetrics/${j}`;
      array(field(object(sm, scopeAt), 'metrics'), `${scopeAt}/metrics`).forEach((m, k) => {
        metrics.push(readMetric(m, `${scopeAt}/metrics/${k}`));
      });
    });
    return { attributes, metrics };
  });
  return { resources };
}

function readMetric(value: unknown, at: string): OtlpMetric {
  const metric = object(value, at);
  const name = string(field(metric, 'name'), `${at}/name`);
  const unit = string(field(metric, 'unit'), `${at}/unit`);
  return { name, unit, path: at, data: readData(metric, at) };
}

function readData(metric: Json, at: string): OtlpData | undefined {
  for (const type of ['gauge', 'sum', 'histogram', 'exponentialHistogram', 'summary'] as const) {
    const raw = field(metric, type);
    if (raw === undefined) continue;
    const dataAt = `${at}/${type}`;
    const data = object(raw, dataAt);
    const points = array(field(data, 'dataPoints'), `${dataAt}/dataPoints`);
    const pointAt = (i: number) => `${dataAt}/dataPoints/${i}`;
    const temporality = () =>
      enumValue(field(data, 'aggregationTemporality'), `${dataAt}/aggregationTemporality`);
    if (type === 'gauge') return { type, points: points.map((p, i) => numberPoint(p, pointAt(i))) };
    if (type === 'sum') {
      const monotonic = field(data, 'isMonotonic') ?? false;
      if (typeof monotonic !== 'boolean')
        throw shape(`${dataAt}/isMonotonic`, `must be a boolean, got ${describe(monotonic)}`);
      return {
        type,
        temporality: temporality(),
        monotonic,
        points: points.map((p, i) => numberPoint(p, pointAt(i))),
      };
    }
    const summaries = points.map((p, i) => summaryPoint(p, pointAt(i)));
    return type === 'summary'
      ? { type, points: summaries }
      : { type, temporality: temporality(), points: summaries };
  }
  return undefined;
}

function numberPoint(value: unknown, at: string): OtlpNumberPoint {
  const point = object(value, at);
  const base = pointBase(point, at);
  const asDouble = field(point, 'asDouble');
  const asInt = field(point, 'asInt');
  let number: number | undefined;
  let problem = base.problem;
  if (asDouble !== undefined) {
    number = double(asDouble);
    if (number === undefined) problem ??= `asDouble must be a number, got ${describe(asDouble)}`;
  } else if (asInt !== undefined) {
    const big = integer(asInt);
    if (big === undefined) problem ??= `asInt must be an integer or a decimal string, got ${describe(asInt)}`;
    else number = Number(big);
  }
  return problem === undefined ? { ...base, value: number } : { ...base, value: number, problem };
}

function summaryPoint(value: unknown, at: string): OtlpSummaryPoint {
  const point = object(value, at);
  const base = pointBase(point, at);
  const countRaw = field(point, 'count') ?? 0;
  const count = integer(countRaw);
  const sumRaw = field(point, 'sum');
  const maxRaw = field(point, 'max');
  const sum = sumRaw === undefined ? undefined : double(sumRaw);
  const max = maxRaw === undefined ? undefined : double(maxRaw);
  let problem = base.problem;
  if (count === undefined)
    problem ??= `count must be an integer or a decimal string, got ${describe(countRaw)}`;
  if (sumRaw !== undefined && sum === undefined) problem ??= `sum must be a number, got ${describe(sumRaw)}`;
  if (maxRaw !== undefined && max === undefined) problem ??= `max must be a number, got ${describe(maxRaw)}`;
  const result = { ...base, count: Number(count ?? 0n), sum, max };
  return problem === undefined ? result : { ...result, problem };
}

function pointBase(
  point: Json,
  at: string,
): { attributes: OtlpAttributes; timeMs: number; flags: number; problem?: string } {
  const attributes = readAttributes(field(point, 'attributes'), `${at}/attributes`);
  const timeRaw = field(point, 'timeUnixNano') ?? 0;
  const nanos = integer(timeRaw);
  const flagsRaw = field(point, 'flags') ?? 0;
  const flags = typeof flagsRaw === 'number' && Number.isInteger(flagsRaw) ? flagsRaw : 0;
  if (nanos === undefined) {
    return {
      attributes,
      timeMs: Number.NaN,
      flags,
      problem: `timeUnixNano must be a decimal string, got ${describe(timeRaw)}`,
    };
  }
  return { attributes, timeMs: nanosToMillis(nanos), flags };
}

/** Flattens `KeyValue[]` to strings: arrays and maps become JSON, bytes stay base64. */
function readAttributes(value: unknown, at: string): OtlpAttributes {
  const out: OtlpAttributes = Object.create(null);
  if (value === undefined) return out;
  array(value, at).forEach((kv, i) => {
    const pair = object(kv, `${at}/${i}`);
    const key = string(field(pair, 'key'), `${at}/${i}/key`);
    const text = anyValue(field(pair, 'value'));
    if (text !== '' && key !== '') out[key] = text;
  });
  return out;
}

/** Nesting below this depth is cut off, so a hostile body cannot exhaust the stack. */
const MAX_DEPTH = 8;

function anyValue(value: unknown, depth = 0): string {
  if (typeof value !== 'object' || value === null || depth > MAX_DEPTH) return '';
  const v = value as Json;
  const s = field(v, 'stringValue');
  if (typeof s === 'string') return s;
  const b = field(v, 'boolValue');
  if (typeof b === 'boolean') return String(b);
  const i = field(v, 'intValue');
  if (i !== undefined) return String(integer(i) ?? '');
  const d = field(v, 'doubleValue');
  if (d !== undefined) return String(double(d) ?? '');
  const bytes = field(v, 'bytesValue');
  if (typeof bytes === 'string') return bytes;
  for (const keyed of [false, true]) {
    const list = field(v, keyed ? 'kvlistValue' : 'arrayValue');
    if (typeof list !== 'object' || list === null) continue;
    const values = field(list as Json, 'values');
    const text = new AttributeListText(keyed);
    for (const item of Array.isArray(values) ? values : []) {
      if (!text.open) break;
      if (!keyed) text.add(anyValue(item, depth + 1));
      else if (typeof item === 'object' && item !== null) {
        const key = field(item as Json, 'key');
        text.add(anyValue(field(item as Json, 'value'), depth + 1), typeof key === 'string' ? key : '');
      }
    }
    return text.text();
  }
  return '';
}

/** A member by its lowerCamelCase name, or by the snake_case proto name. */
function field(object: Json, name: string): unknown {
  const value = object[name];
  if (value !== undefined) return value;
  let snake = snakeNames.get(name);
  if (snake === undefined) {
    snake = name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
    snakeNames.set(name, snake);
  }
  return snake === name ? undefined : object[snake];
}

const snakeNames = new Map<string, string>();

function integer(value: unknown): bigint | undefined {
  // Nanosecond times exceed 2^53, so a JSON number for one is already rounded; take it as sent.
  if (typeof value === 'number') return Number.isInteger(value) ? BigInt(value) : undefined;
  if (typeof value === 'string' && /^-?\d{1,20}$/.test(value)) return BigInt(value);
  return undefined;
}

function double(value: unknown): number | undefined {
  if (typeof value === 'number') return value;
  if (value === 'NaN') return Number.NaN;
  if (value === 'Infinity') return Number.POSITIVE_INFINITY;
  if (value === '-Infinity') return Number.NEGATIVE_INFINITY;
  if (typeof value === 'string' && /^-?\d+(\.\d+)?([eE][+-]?\d+)?$/.test(value)) return Number(value);
  return undefined;
}

function enumValue(value: unknown, at: string): number {
  if (value === undefined) return 0;
  if (typeof value === 'number' && Number.isInteger(value)) return value;
  if (typeof value === 'string' && Object.hasOwn(temporalityNames, value))
    return temporalityNames[value] as number;
  throw shape(at, `must be an AggregationTemporality, got ${describe(value)}`);
}

function object(value: unknown, at: string): Json {
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as Json;
  throw shape(at, `must be an object, got ${describe(value)}`);
}

function array(value: unknown, at: string): unknown[] {
  if (value === undefined) return [];
  if (Array.isArray(value)) return value;
  throw shape(at, `must be an array, got ${describe(value)}`);
}

function string(value: unknown, at: string): string {
  if (value === undefined) return '';
  if (typeof value === 'string') return value;
  throw shape(at, `must be a string, got ${describe(value)}`);
}

function shape(pointer: string, detail: string): DomainError {
  const message = `OTLP request ${pointer === '' ? 'body' : pointer} ${detail}`;
  return new DomainError('validation', message, [{ pointer, detail }]);
}
