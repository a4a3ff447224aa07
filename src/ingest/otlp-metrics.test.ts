import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DomainError } from '../domain/errors.ts';
import { decodeOtlpMetrics, type OtlpFormat } from './otlp-metrics.ts';
import { encodeOtlpProtobuf } from './otlp-protobuf-encoder.ts';
import { ProtoWriter } from './protobuf-writer.ts';
import { rejectedSamples } from './sample.ts';

const now = Date.UTC(2026, 10, 23, 12);
const t = Date.UTC(2026, 10, 23, 10);
const nanos = (ms: number) => `${ms}000000`;
const str = (key: string, value: string) => ({ key, value: { stringValue: value } });

type Json = Record<string, unknown>;

function request(metrics: Json[], resource: Json[] = [str('service.name', 'kfz-zulassung')]): Json {
  return {
    resourceMetrics: [
      { resource: { attributes: resource }, scopeMetrics: [{ scope: { name: 't' }, metrics }] },
    ],
  };
}

function encode(body: Json, format: OtlpFormat): Uint8Array {
  return format === 'json' ? new TextEncoder().encode(JSON.stringify(body)) : encodeOtlpProtobuf(body);
}

const point = (value: Json, extra: Json = {}) => ({
  attributes: [str('route', '/a')],
  timeUnixNano: nanos(t),
  ...value,
  ...extra,
});

describe.each(['json', 'protobuf'] as const)('decodeOtlpMetrics (%s)', (format) => {
  const decode = (body: Json) => decodeOtlpMetrics(encode(body, format), format, { now });

  it.each([
    ['gauge', { gauge: { dataPoints: [point({ asDouble: 0.42 })] } }, 'g', 'gauge', 0.42],
    ['int gauge', { gauge: { dataPoints: [point({ asInt: '7' })] } }, 'g', 'gauge', 7],
    [
      'cumulative monotonic sum',
      { sum: { aggregationTemporality: 2, isMonotonic: true, dataPoints: [point({ asDouble: 5 })] } },
      'g',
      'counter',
      5,
    ],
    [
      'delta monotonic sum',
      { sum: { aggregationTemporality: 1, isMonotonic: true, dataPoints: [point({ asInt: '3' })] } },
      'g',
      'delta',
      3,
    ],
    [
      'non-monotonic sum',
      { sum: { aggregationTemporality: 2, dataPoints: [point({ asDouble: -3 })] } },
      'g',
      'gauge',
      -3,
    ],
  ])('maps a %s', (_, data, name, kind, value) => {
    const batch = decode(request([{ name, unit: '{requests}', ...data }]));
    expect(batch.rejected).toEqual([]);
    expect(batch.dataPoints).toBe(1);
    expect(batch.samples).toEqual([
      {
        service: 'kfz-zulassung',
        metric: name,
        unit: '{requests}',
        kind,
        labels: { route: '/a' },
        ts: t,
        value,
      },
    ]);
  });

  it('maps a histogram to _count, _sum and _max', () => {
    const histogram = { aggregationTemporality: 2, dataPoints: [point({ count: '4', sum: 1.5, max: 0.9 })] };
    const batch = decode(request([{ name: 'http.duration', unit: 'ms', histogram }]));
    expect(batch.samples.map((s) => [s.metric, s.kind, s.unit, s.value])).toEqual([
      ['http.duration_count', 'counter', '1', 4],
      ['http.duration_sum', 'counter', 'ms', 1.5],
      ['http.duration_max', 'gauge', 'ms', 0.9],
    ]);
  });

  it('maps delta exponential histograms and summaries, without an optional max', () => {
    const batch = decode(
      request([
        {
          name: 'e',
          unit: 's',
          exponentialHistogram: { aggregationTemporality: 1, dataPoints: [point({ count: '2', sum: 3 })] },
        },
        { name: 's', unit: 's', summary: { dataPoints: [point({ count: '9', sum: 4.5 })] } },
      ]),
    );
    expect(batch.samples.map((s) => [s.metric, s.kind, s.value])).toEqual([
      ['e_count', 'delta', 2],
      ['e_sum', 'delta', 3],
      ['s_count', 'counter', 9],
      ['s_sum', 'counter', 4.5],
    ]);
  });

  it('converts units of known metrics and keeps OTLP names and UCUM units', () => {
    const batch = decode(
      request([
        { name: 'memory_gib', unit: 'By', gauge: { dataPoints: [point({ asDouble: 2 ** 31 })] } },
        { name: 'cpu_utilization', unit: '1', gauge: { dataPoints: [point({ asDouble: 0.5 })] } },
        { name: 'process.runtime.heap', unit: 'MiBy', gauge: { dataPoints: [point({ asDouble: 12 })] } },
      ]),
    );
    expect(batch.samples.map((s) => [s.metric, s.unit, s.value])).toEqual([
      ['memory_gib', 'GiB', 2],
      ['cpu_utilization', '1', 0.5],
      ['process.runtime.heap', 'MiB', 12],
    ]);
  });

  it('flattens attribute values and drops empty ones', () => {
    const attributes = [
      { key: 'b', value: { boolValue: true } },
      { key: 'i', value: { intValue: '42' } },
      { key: 'd', value: { doubleValue: 1.5 } },
      { key: 'empty', value: { stringValue: '' } },
      str('s', 'x'),
    ];
    const batch = decode(
      request([{ name: 'g', gauge: { dataPoints: [point({ asDouble: 1 }, { attributes })] } }]),
    );
    expect(batch.samples[0]?.labels).toEqual({ b: 'true', d: '1.5', i: '42', s: 'x' });
  });

  it('flattens array and map attributes to JSON, and refuses huge ones', () => {
    const list = (n: number) => ({
      arrayValue: { values: Array.from({ length: n }, (_, i) => ({ stringValue: `v${i}` })) },
    });
    const attributes = [
      { key: 'arr', value: list(2) },
      { key: 'map', value: { kvlistValue: { values: [str('k', 'v'), { key: 'n', value: list(1) }] } } },
    ];
    const wide = [{ key: 'wide', value: list(5000) }];
    const batch = decode(
      request([
        {
          name: 'g',
          gauge: {
            dataPoints: [
              point({ asDouble: 1 }, { attributes }),
              point({ asDouble: 2 }, { attributes: wide }),
            ],
          },
        },
      ]),
    );
    expect(batch.samples.map((s) => s.labels)).toEqual([
      { arr: '["v0","v1"]', map: '{"k":"v","n":"[\\"v0\\"]"}' },
    ]);
    expect(batch.rejected).toEqual([
      expect.objectContaining({ index: 1, reason: "label 'wide' has a value longer than 512 characters" }),
    ]);
  });

  it('rejects bad points by data point index and keeps the rest', () => {
    const body = request([
      { name: 'g', gauge: { dataPoints: [point({ asDouble: 1 }), point({ asDouble: 'NaN' }), point({})] } },
      {
        name: 'c',
        sum: {
          aggregationTemporality: 2,
          isMonotonic: true,
          dataPoints: [point({ asDouble: -1 }), point({ asDouble: 2 })],
        },
      },
      { name: 'h', histogram: { aggregationTemporality: 2, dataPoints: [point({ count: '1', sum: -2 })] } },
      { name: 'old', gauge: { dataPoints: [point({ asDouble: 1 }, { timeUnixNano: '0' })] } },
      {
        name: 'u',
        sum: {
          aggregationTemporality: 0,
          isMonotonic: true,
          dataPoints: [point({ asDouble: 1 }), point({ asDouble: 1 })],
        },
      },
      { name: 'badunit', unit: 'parsecs', gauge: { dataPoints: [point({ asDouble: 1 })] } },
      { name: 'gap', gauge: { dataPoints: [point({}, { flags: 1 })] } },
    ]);
    const batch = decode(body);
    const m = '/resourceMetrics/0/scopeMetrics/0/metrics';
    expect(batch.samples.map((s) => [s.metric, s.value])).toEqual([
      ['g', 1],
      ['c', 2],
    ]);
    expect(batch.rejected).toEqual([
      { index: 1, pointer: `${m}/0/gauge/dataPoints/1`, reason: 'value NaN is not finite' },
      { index: 2, pointer: `${m}/0/gauge/dataPoints/2`, reason: 'data point has neither asDouble nor asInt' },
      { index: 3, pointer: `${m}/1/sum/dataPoints/0`, reason: 'counter value -1 is negative' },
      { index: 5, pointer: `${m}/2/histogram/dataPoints/0`, reason: 'h_sum: counter value -2 is negative' },
      {
        index: 6,
        pointer: `${m}/3/gauge/dataPoints/0`,
        reason: 'timestamp 1970-01-01T00:00:00.000Z is before 2000-01-01',
      },
      {
        index: 7,
        pointer: `${m}/4`,
        reason: 'aggregation temporality 0 is neither delta (1) nor cumulative (2)',
        count: 2,
      },
      { index: 9, pointer: `${m}/5/gauge/dataPoints/0`, reason: "unknown unit 'parsecs'" },
    ]);
    expect(batch.dataPoints).toBe(11);
    expect(rejectedSamples(batch)).toBe(8);
  });

  it('rejects all points of a resource without service.name', () => {
    const batch = decode(
      request([{ name: 'g', gauge: { dataPoints: [point({ asDouble: 1 }), point({ asDouble: 2 })] } }], []),
    );
    expect(batch.rejected).toEqual([
      {
        index: 0,
        pointer: '/resourceMetrics/0/scopeMetrics/0/metrics/0',
        reason: 'resource has no service.name attribute',
        count: 2,
      },
    ]);
  });

  it.each([[{}], [{ resourceMetrics: [] }], [request([])], [request([{ name: 'nodata' }])]])(
    'accepts the empty request %j',
    (body) => {
      expect(decode(body)).toEqual({ samples: [], rejected: [], dataPoints: 0 });
    },
  );
});

describe('decodeOtlpMetrics (json only)', () => {
  const decode = (text: string) => decodeOtlpMetrics(new TextEncoder().encode(text), 'json', { now });

  it('accepts snake_case keys, numbers for int64 and enum names', () => {
    const body = {
      resource_metrics: [
        {
          resource: { attributes: [str('service.name', 'kfz')] },
          scope_metrics: [
            {
              metrics: [
                {
                  name: 'c',
                  sum: {
                    aggregation_temporality: 'AGGREGATION_TEMPORALITY_CUMULATIVE',
                    is_monotonic: true,
                    data_points: [{ time_unix_nano: t * 1_000_000, as_int: 5 }],
                  },
                },
              ],
            },
          ],
        },
      ],
    };
    expect(decode(JSON.stringify(body)).samples).toMatchObject([{ metric: 'c', kind: 'counter', value: 5 }]);
  });

  it.each([
    ['[]', 'validation', ''],
    ['{"resourceMetrics":{}}', 'validation', '/resourceMetrics'],
    [
      '{"resourceMetrics":[{"scopeMetrics":[{"metrics":[{"name":5}]}]}]}',
      'validation',
      '/resourceMetrics/0/scopeMetrics/0/metrics/0/name',
    ],
    [
      '{"resourceMetrics":[{"scopeMetrics":[{"metrics":[{"sum":{"aggregationTemporality":"x"}}]}]}]}',
      'validation',
      '/resourceMetrics/0/scopeMetrics/0/metrics/0/sum/aggregationTemporality',
    ],
    ['{', 'malformed-body', undefined],
  ])('refuses %s', (text, kind, pointer) => {
    try {
      decode(text);
      expect.unreachable();
    } catch (error) {
      expect(error).toMatchObject({ kind });
      expect((error as DomainError).errors[0]?.pointer).toBe(pointer);
    }
  });

  it('cuts deeply nested attribute values off instead of recursing without end', () => {
    // JSON.stringify itself would overflow on this depth, so the body is built as text.
    const depth = 100_000;
    const nested = `${'{"arrayValue":{"values":['.repeat(depth)}{"stringValue":"leaf"}${']}}'.repeat(depth)}`;
    const text = `{"resourceMetrics":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"kfz"}}]},"scopeMetrics":[{"metrics":[{"name":"g","gauge":{"dataPoints":[{"timeUnixNano":"${nanos(t)}","asDouble":1,"attributes":[{"key":"deep","value":${nested}}]}]}}]}]}]}`;
    try {
      const batch = decode(text);
      expect(batch.samples.length + batch.rejected.length).toBe(1);
    } catch (error) {
      expect(error).toBeInstanceOf(DomainError);
    }
  });

  it('rejects a point whose timestamp is not an integer', () => {
    const batch = decode(
      JSON.stringify(
        request([{ name: 'g', gauge: { dataPoints: [point({ asDouble: 1 }, { timeUnixNano: 'soon' })] } }]),
      ),
    );
    expect(batch.rejected[0]?.reason).toBe("timeUnixNano must be a decimal string, got the string 'soon'");
  });
});

describe('decodeOtlpMetrics (protobuf only)', () => {
  it.each([
    [
      'truncated',
      encodeOtlpProtobuf(request([{ name: 'g', gauge: { dataPoints: [point({ asDouble: 1 })] } }])).subarray(
        0,
        30,
      ),
    ],
    ['wrong wire type', new ProtoWriter().varint(1, 5).finish()],
    [
      'wrong wire type deep inside',
      new ProtoWriter().message(1, (r) => r.message(2, (s) => s.message(2, (m) => m.varint(5, 1)))).finish(),
    ],
  ])('refuses a %s message as malformed', (_, bytes) => {
    expect(() => decodeOtlpMetrics(bytes, 'protobuf', { now })).toThrow(
      expect.objectContaining({ kind: 'malformed-body' }),
    );
  });

  it('skips unknown fields', () => {
    const bytes = new ProtoWriter().string(99, 'future').varint(100, 1).finish();
    expect(decodeOtlpMetrics(bytes, 'protobuf', { now })).toEqual({
      samples: [],
      rejected: [],
      dataPoints: 0,
    });
  });
});

describe('decodeOtlpMetrics fuzz', () => {
  const valid = encodeOtlpProtobuf(
    request([
      { name: 'g', unit: 'By', gauge: { dataPoints: [point({ asDouble: 1 })] } },
      {
        name: 'h',
        histogram: { aggregationTemporality: 2, dataPoints: [point({ count: '4', sum: 1.5, max: 0.9 })] },
      },
    ]),
  );

  const expectDomainOnly = (run: () => unknown) => {
    try {
      run();
    } catch (error) {
      expect(error).toBeInstanceOf(DomainError);
    }
  };

  it('random bytes and mutated valid messages only ever decode or throw a DomainError', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.uint8Array({ maxLength: 300 }),
          fc
            .array(fc.tuple(fc.nat(valid.length - 1), fc.integer({ min: 0, max: 255 })), {
              minLength: 1,
              maxLength: 4,
            })
            .map((edits) => {
              const copy = valid.slice();
              for (const [at, byte] of edits) copy[at] = byte;
              return copy;
            }),
          fc.nat(valid.length).map((n) => valid.subarray(0, n)),
        ),
        (bytes) => {
          expectDomainOnly(() => decodeOtlpMetrics(bytes, 'protobuf', { now }));
          expectDomainOnly(() => decodeOtlpMetrics(bytes, 'json', { now }));
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('random JSON values only ever decode or throw a DomainError', () => {
    const anyPoint = fc.dictionary(
      fc.constantFrom('attributes', 'timeUnixNano', 'asDouble', 'asInt', 'count', 'sum', 'max', 'flags'),
      fc.oneof(fc.anything(), fc.constant([str('a', 'b')]), fc.constant(nanos(t))),
    );
    const anyMetric = fc
      .tuple(
        fc.oneof(fc.string(), fc.anything()),
        fc.oneof(fc.constantFrom('By', 's', '1', ''), fc.anything()),
        fc.constantFrom('gauge', 'sum', 'histogram', 'exponentialHistogram', 'summary'),
        fc.record(
          {
            dataPoints: fc.array(anyPoint, { maxLength: 3 }),
            aggregationTemporality: fc.oneof(fc.constantFrom(1, 2), fc.anything()),
            isMonotonic: fc.oneof(fc.boolean(), fc.anything()),
          },
          { requiredKeys: ['dataPoints'] },
        ),
      )
      .map(([name, unit, type, data]) => ({ name, unit, [type]: data }));
    fc.assert(
      fc.property(
        fc.oneof(
          fc.array(anyMetric, { maxLength: 3 }).map((metrics) => request(metrics)),
          fc.anything(),
        ),
        (body) => {
          expectDomainOnly(() =>
            decodeOtlpMetrics(new TextEncoder().encode(JSON.stringify(body) ?? 'null'), 'json', { now }),
          );
        },
      ),
      { numRuns: 1000 },
    );
  });
});
