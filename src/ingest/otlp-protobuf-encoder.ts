/**
 * Encodes an OTLP/JSON-shaped request object as OTLP/protobuf bytes, so that one table of
 * requests can drive both decoders, and tests and tools can send protobuf without the
 * OpenTelemetry SDK. Covers the fields `otlp-protobuf.ts` reads (plus start times); not a
 * general proto3 JSON transcoder.
 */
import { ProtoWriter } from './protobuf-writer.ts';

type Json = Record<string, unknown>;

/**
 * @example encodeOtlpProtobuf({ resourceMetrics: [] }) // Uint8Array []
 */
export function encodeOtlpProtobuf(request: Json): Uint8Array {
  const w = new ProtoWriter();
  for (const rm of list(request.resourceMetrics)) {
    w.message(1, (r) => {
      const resource = rm.resource as Json | undefined;
      if (resource !== undefined) r.message(1, (res) => attributes(res, 1, resource.attributes));
      for (const sm of list(rm.scopeMetrics)) {
        r.message(2, (s) => {
          for (const metric of list(sm.metrics)) s.message(2, (m) => encodeMetric(m, metric));
        });
      }
    });
  }
  return w.finish();
}

const dataFields = { gauge: 5, sum: 7, histogram: 9, exponentialHistogram: 10, summary: 11 } as const;

function encodeMetric(w: ProtoWriter, metric: Json): void {
  if (typeof metric.name === 'string') w.string(1, metric.name);
  if (typeof metric.unit === 'string') w.string(3, metric.unit);
  for (const [type, field] of Object.entries(dataFields)) {
    const data = metric[type] as Json | undefined;
    if (data === undefined) continue;
    w.message(field, (d) => {
      for (const point of list(data.dataPoints)) d.message(1, (p) => encodePoint(p, type, point));
      if (typeof data.aggregationTemporality === 'number') d.varint(2, data.aggregationTemporality);
      if (data.isMonotonic === true) d.varint(3, true);
    });
  }
}

function encodePoint(w: ProtoWriter, type: string, point: Json): void {
  if (point.startTimeUnixNano !== undefined) w.fixed64(2, BigInt(point.startTimeUnixNano as string));
  if (point.timeUnixNano !== undefined) w.fixed64(3, BigInt(point.timeUnixNano as string));
  if (type === 'gauge' || type === 'sum') {
    attributes(w, 7, point.attributes);
    if (point.asDouble !== undefined) w.double(4, Number(point.asDouble));
    if (point.asInt !== undefined) w.fixed64(6, BigInt(point.asInt as string));
    if (typeof point.flags === 'number') w.varint(8, point.flags);
    return;
  }
  const [attributesField, maxField, flagsField] =
    type === 'histogram' ? [9, 12, 10] : type === 'exponentialHistogram' ? [1, 13, 10] : [7, -1, 8];
  attributes(w, attributesField, point.attributes);
  if (point.count !== undefined) w.fixed64(4, BigInt(point.count as string));
  if (typeof point.sum === 'number') w.double(5, point.sum);
  if (typeof point.max === 'number' && maxField > 0) w.double(maxField, point.max);
  if (typeof point.flags === 'number') w.varint(flagsField, point.flags);
}

function attributes(w: ProtoWriter, field: number, values: unknown): void {
  for (const kv of list(values)) {
    w.message(field, (a) => {
      a.string(1, String(kv.key));
      a.message(2, (v) => anyValue(v, kv.value as Json));
    });
  }
}

function anyValue(w: ProtoWriter, value: Json): void {
  if (typeof value.stringValue === 'string') w.string(1, value.stringValue);
  else if (typeof value.boolValue === 'boolean') w.varint(2, value.boolValue);
  else if (value.intValue !== undefined) w.varint(3, BigInt(value.intValue as string));
  else if (typeof value.doubleValue === 'number') w.double(4, value.doubleValue);
  else if (value.arrayValue !== undefined) {
    w.message(5, (a) => {
      for (const item of list((value.arrayValue as Json).values)) a.message(1, (v) => anyValue(v, item));
    });
  } else if (value.kvlistValue !== undefined) {
    w.message(6, (kv) => attributes(kv, 1, (value.kvlistValue as Json).values));
  }
}

function list(value: unknown): Json[] {
  return Array.isArray(value) ? (value as Json[]) : [];
}
