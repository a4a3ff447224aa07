/**
 * Encodes samples as a request body of each receiver's wire format, so that one test suite can
 * send the same samples through every receiver and expect the same stored result, and so that
 * tools (the CLI, benchmarks) can produce bodies without the exporters' SDKs.
 *
 * Not every sample is expressible in every format: remote write carries neither unit nor kind
 * (they follow from the name, see `prometheusSeriesKind`), and OTLP carries no `delta` gauges.
 * Use names and units the target format can express.
 */
import { encodeOtlpProtobuf } from './otlp-protobuf-encoder.ts';
import { ProtoWriter } from './protobuf-writer.ts';
import type { SampleInput } from './sample.ts';
import { snappyCompress } from './snappy.ts';

export type IngestFormat = 'json' | 'csv' | 'otlp-json' | 'otlp-protobuf' | 'remote-write';

export const ingestFormats: readonly IngestFormat[] = [
  'json',
  'csv',
  'otlp-json',
  'otlp-protobuf',
  'remote-write',
];

export interface EncodedBody {
  readonly contentType: string;
  readonly contentEncoding?: string;
  readonly body: Uint8Array;
}

type Sample = Omit<SampleInput, 'labels'> & { readonly labels: Readonly<Record<string, string>> };

const utf8 = new TextEncoder();

/**
 * @example encodeSamples('remote-write', samples) // { contentType: 'application/x-protobuf', contentEncoding: 'snappy', body }
 */
export function encodeSamples(format: IngestFormat, samples: readonly Sample[]): EncodedBody {
  switch (format) {
    case 'json':
      return { contentType: 'application/json', body: utf8.encode(JSON.stringify(jsonBatch(samples))) };
    case 'csv':
      return { contentType: 'text/csv', body: utf8.encode(csv(samples)) };
    case 'otlp-json':
      return { contentType: 'application/json', body: utf8.encode(JSON.stringify(otlpRequest(samples))) };
    case 'otlp-protobuf':
      return { contentType: 'application/x-protobuf', body: encodeOtlpProtobuf(otlpRequest(samples)) };
    case 'remote-write':
      return {
        contentType: 'application/x-protobuf',
        contentEncoding: 'snappy',
        body: snappyCompress(writeRequest(samples)),
      };
  }
}

/** Groups samples by series, keeping first-seen order. */
function bySeries(samples: readonly Sample[]): Sample[][] {
  const groups = new Map<string, Sample[]>();
  for (const s of samples) {
    const key = JSON.stringify([s.service, s.metric, s.unit, s.kind, Object.entries(s.labels).sort()]);
    const group = groups.get(key);
    if (group === undefined) groups.set(key, [s]);
    else group.push(s);
  }
  return [...groups.values()];
}

function jsonBatch(samples: readonly Sample[]) {
  return {
    series: bySeries(samples).map((group) => {
      const [{ service, metric, unit, kind, labels }] = group as [Sample];
      return {
        service,
        metric,
        unit,
        kind,
        labels,
        points: group.map((s) => [new Date(s.ts).toISOString(), s.value]),
      };
    }),
  };
}

function csv(samples: readonly Sample[]): string {
  const quote = (text: string) => (/[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text);
  const rows = samples.map((s) =>
    [
      s.service,
      s.metric,
      s.unit,
      new Date(s.ts).toISOString(),
      String(s.value),
      JSON.stringify(s.labels),
      s.kind,
    ]
      .map(quote)
      .join(','),
  );
  return `service,metric,unit,timestamp,value,labels,kind\r\n${rows.join('\r\n')}\r\n`;
}

function otlpRequest(samples: readonly Sample[]) {
  const services = new Map<string, Sample[][]>();
  for (const group of bySeries(samples)) {
    const service = (group[0] as Sample).service;
    services.set(service, [...(services.get(service) ?? []), group]);
  }
  return {
    resourceMetrics: [...services].map(([service, groups]) => ({
      resource: { attributes: [{ key: 'service.name', value: { stringValue: service } }] },
      scopeMetrics: [{ scope: { name: 'lastplan' }, metrics: groups.map(otlpMetric) }],
    })),
  };
}

function otlpMetric(group: Sample[]) {
  const { metric, unit, kind, labels } = group[0] as Sample;
  const attributes = Object.entries(labels).map(([key, value]) => ({ key, value: { stringValue: value } }));
  const dataPoints = group.map((s) => ({
    attributes,
    timeUnixNano: `${BigInt(s.ts) * 1_000_000n}`,
    asDouble: s.value,
  }));
  if (kind === 'gauge') return { name: metric, unit, gauge: { dataPoints } };
  return {
    name: metric,
    unit,
    sum: { aggregationTemporality: kind === 'counter' ? 2 : 1, isMonotonic: true, dataPoints },
  };
}

function writeRequest(samples: readonly Sample[]): Uint8Array {
  const w = new ProtoWriter();
  for (const group of bySeries(samples)) {
    const { service, metric, labels } = group[0] as Sample;
    const all = [...Object.entries(labels), ['__name__', metric], ['service', service]].sort(([a], [b]) =>
      (a as string) < (b as string) ? -1 : 1,
    );
    w.message(1, (ts) => {
      for (const [name, value] of all)
        ts.message(1, (l) => l.string(1, name as string).string(2, value as string));
      for (const s of group) ts.message(2, (p) => p.double(1, s.value).varint(2, s.ts));
    });
  }
  return w.finish();
}
