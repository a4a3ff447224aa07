/**
 * Reads OTLP/protobuf `ExportMetricsServiceRequest` bytes into the shared OTLP model. Field
 * numbers are those of opentelemetry-proto `metrics/v1/metrics.proto` and `common/v1/common.proto`
 * (see /work/shared/PROTOCOLS.md section 8; exponential histogram and summary points from the
 * same proto files: count 4, sum 5, max 13 and count 4, sum 5, attributes 7). Unknown fields are
 * skipped, as protobuf requires; a known field with the wrong wire type is malformed.
 */
import {
  AttributeListText,
  nanosToMillis,
  type OtlpAttributes,
  type OtlpData,
  type OtlpMetric,
  type OtlpNumberPoint,
  type OtlpRequest,
  type OtlpResource,
  type OtlpSummaryPoint,
} from './otlp-model.ts';
import { ProtoReader, WireType } from './protobuf-reader.ts';

const { varint: VARINT, i64: I64, len: LEN } = WireType;

/**
 * Reads a protobuf `ExportMetricsServiceRequest`.
 *
 * @example readOtlpProtobuf(new Uint8Array(0)) // { resources: [] }
 * @throws DomainError `malformed-body` for bytes that are not a valid message
 */
export function readOtlpProtobuf(bytes: Uint8Array): OtlpRequest {
  const r = new ProtoReader(bytes);
  const resources: OtlpResource[] = [];
  while (!r.done) {
    const [field, wire] = r.tag();
    if (field === 1) {
      r.expect(wire, LEN, 'resource_metrics');
      resources.push(readResourceMetrics(r.message(), `/resourceMetrics/${resources.length}`));
    } else r.skip(wire);
  }
  return { resources };
}

function readResourceMetrics(r: ProtoReader, at: string): OtlpResource {
  let attributes: OtlpAttributes = Object.create(null);
  const metrics: OtlpMetric[] = [];
  let scopes = 0;
  while (!r.done) {
    const [field, wire] = r.tag();
    if (field === 1) {
      r.expect(wire, LEN, 'resource');
      const resource = r.message();
      while (!resource.done) {
        const [f, w] = resource.tag();
        if (f === 1) {
          resource.expect(w, LEN, 'attributes');
          attributes = addAttribute(attributes, resource.message());
        } else resource.skip(w);
      }
    } else if (field === 2) {
      r.expect(wire, LEN, 'scope_metrics');
      const scope = r.message();
      const scopeAt = `${at}/scopeMetrics/${scopes++}`;
      let count = 0;
      while (!scope.done) {
        const [f, w] = scope.tag();
        if (f === 2) {
          scope.expect(w, LEN, 'metrics');
          metrics.push(readMetric(scope.message(), `${scopeAt}/metrics/${count++}`));
        } else scope.skip(w);
      }
    } else r.skip(wire);
  }
  return { attributes, metrics };
}

const dataFields: Readonly<Record<number, OtlpData['type']>> = {
  5: 'gauge',
  7: 'sum',
  9: 'histogram',
  10: 'exponentialHistogram',
  11: 'summary',
};

function readMetric(r: ProtoReader, at: string): OtlpMetric {
  let name = '';
  let unit = '';
  let data: OtlpData | undefined;
  while (!r.done) {
    const [field, wire] = r.tag();
    const type = dataFields[field];
    if (field === 1) {
      r.expect(wire, LEN, 'name');
      name = r.string();
    } else if (field === 3) {
      r.expect(wire, LEN, 'unit');
      unit = r.string();
    } else if (type !== undefined) {
      r.expect(wire, LEN, type);
      data = readData(r.message(), type);
    } else r.skip(wire);
  }
  return { name, unit, path: at, data };
}

function readData(r: ProtoReader, type: OtlpData['type']): OtlpData {
  const numbers: OtlpNumberPoint[] = [];
  const summaries: OtlpSummaryPoint[] = [];
  let temporality = 0;
  let monotonic = false;
  while (!r.done) {
    const [field, wire] = r.tag();
    if (field === 1) {
      r.expect(wire, LEN, 'data_points');
      if (type === 'gauge' || type === 'sum') numbers.push(readNumberPoint(r.message()));
      else summaries.push(readSummaryPoint(r.message(), type));
    } else if (field === 2 && type !== 'gauge' && type !== 'summary') {
      r.expect(wire, VARINT, 'aggregation_temporality');
      temporality = r.varint();
    } else if (field === 3 && type === 'sum') {
      r.expect(wire, VARINT, 'is_monotonic');
      monotonic = r.bool();
    } else r.skip(wire);
  }
  if (type === 'gauge') return { type, points: numbers };
  if (type === 'sum') return { type, temporality, monotonic, points: numbers };
  if (type === 'summary') return { type, points: summaries };
  return { type, temporality, points: summaries };
}

function readNumberPoint(r: ProtoReader): OtlpNumberPoint {
  let attributes: OtlpAttributes = Object.create(null);
  let timeMs = 0;
  let value: number | undefined;
  let flags = 0;
  while (!r.done) {
    const [field, wire] = r.tag();
    if (field === 7) {
      r.expect(wire, LEN, 'attributes');
      attributes = addAttribute(attributes, r.message());
    } else if (field === 3) {
      r.expect(wire, I64, 'time_unix_nano');
      timeMs = nanosToMillis(r.fixed64());
    } else if (field === 4) {
      r.expect(wire, I64, 'as_double');
      value = r.double();
    } else if (field === 6) {
      r.expect(wire, I64, 'as_int');
      value = r.sfixed64();
    } else if (field === 8) {
      r.expect(wire, VARINT, 'flags');
      flags = r.varint();
    } else r.skip(wire);
  }
  return { attributes, timeMs, flags, value };
}

/** Field numbers per point type: [attributes, count, sum, max, flags]. */
const summaryFields = {
  histogram: [9, 4, 5, 12, 10],
  exponentialHistogram: [1, 4, 5, 13, 10],
  summary: [7, 4, 5, -1, 8],
} as const;

function readSummaryPoint(
  r: ProtoReader,
  type: 'histogram' | 'exponentialHistogram' | 'summary',
): OtlpSummaryPoint {
  const [attributesField, countField, sumField, maxField, flagsField] = summaryFields[type];
  let attributes: OtlpAttributes = Object.create(null);
  let timeMs = 0;
  let count = 0;
  let sum: number | undefined;
  let max: number | undefined;
  let flags = 0;
  while (!r.done) {
    const [field, wire] = r.tag();
    if (field === attributesField) {
      r.expect(wire, LEN, 'attributes');
      attributes = addAttribute(attributes, r.message());
    } else if (field === 3) {
      r.expect(wire, I64, 'time_unix_nano');
      timeMs = nanosToMillis(r.fixed64());
    } else if (field === countField) {
      r.expect(wire, I64, 'count');
      count = r.fixed64Number();
    } else if (field === sumField) {
      r.expect(wire, I64, 'sum');
      sum = r.double();
    } else if (field === maxField) {
      r.expect(wire, I64, 'max');
      max = r.double();
    } else if (field === flagsField) {
      r.expect(wire, VARINT, 'flags');
      flags = r.varint();
    } else r.skip(wire);
  }
  return { attributes, timeMs, flags, count, sum, max };
}

/** Reads one `KeyValue` into `attributes` (flattened to a string, empty values dropped). */
function addAttribute(attributes: OtlpAttributes, r: ProtoReader): OtlpAttributes {
  let key = '';
  let value = '';
  while (!r.done) {
    const [field, wire] = r.tag();
    if (field === 1) {
      r.expect(wire, LEN, 'key');
      key = r.string();
    } else if (field === 2) {
      r.expect(wire, LEN, 'value');
      value = readAnyValue(r.message());
    } else r.skip(wire);
  }
  if (key !== '' && value !== '') attributes[key] = value;
  return attributes;
}

function readAnyValue(r: ProtoReader, depth = 0): string {
  let value = '';
  while (!r.done) {
    const [field, wire] = r.tag();
    if (field === 1 && wire === LEN) value = r.string();
    else if (field === 2 && wire === VARINT) value = String(r.bool());
    else if (field === 3 && wire === VARINT) value = String(r.int64());
    else if (field === 4 && wire === I64) value = String(r.double());
    else if ((field === 5 || field === 6) && wire === LEN) value = readList(r.message(), field === 6, depth);
    else if (field === 7 && wire === LEN) value = btoa(String.fromCharCode(...r.bytes().subarray(0, 4096)));
    else r.skip(wire);
  }
  return value;
}

/** `ArrayValue` or `KeyValueList` as JSON; nesting beyond a few levels is cut off, not recursed into. */
function readList(r: ProtoReader, keyed: boolean, depth: number): string {
  const text = new AttributeListText(keyed);
  while (!r.done && text.open) {
    const [field, wire] = r.tag();
    if (field === 1 && wire === LEN && depth < 8) {
      const item = r.message();
      if (!keyed) text.add(readAnyValue(item, depth + 1));
      else {
        let key = '';
        let value = '';
        while (!item.done) {
          const [f, w] = item.tag();
          if (f === 1 && w === LEN) key = item.string();
          else if (f === 2 && w === LEN) value = readAnyValue(item.message(), depth + 1);
          else item.skip(w);
        }
        text.add(value, key);
      }
    } else r.skip(wire);
  }
  return text.text();
}
