import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DomainError } from '../domain/errors.ts';
import { decodeJsonBatch, decodeJsonBatchValue } from './json-batch.ts';
import { rejectedSamples } from './sample.ts';

const now = Date.UTC(2026, 10, 23, 12);
const opts = { now };
const series = (extra: object = {}) => ({
  service: 'kfz-zulassung',
  metric: 'requests_per_second',
  unit: '1/s',
  points: [['2026-11-23T10:00:00Z', 12.5]],
  ...extra,
});

describe('decodeJsonBatch', () => {
  it('decodes all three point forms', () => {
    const body = JSON.stringify({
      series: [
        series({
          kind: 'gauge',
          labels: { env: 'prod' },
          points: [
            ['2026-11-23T10:00:00Z', 12.5],
            [Date.UTC(2026, 10, 23, 10, 1), 13],
            { ts: '2026-11-23T10:02:00+00:00', value: 14 },
          ],
        }),
      ],
    });
    const batch = decodeJsonBatch(new TextEncoder().encode(body), opts);
    expect(batch.rejected).toEqual([]);
    expect(batch.samples.map((s) => [s.ts, s.value])).toEqual([
      [Date.UTC(2026, 10, 23, 10), 12.5],
      [Date.UTC(2026, 10, 23, 10, 1), 13],
      [Date.UTC(2026, 10, 23, 10, 2), 14],
    ]);
    expect(batch.samples[0]).toMatchObject({
      service: 'kfz-zulassung',
      kind: 'gauge',
      labels: { env: 'prod' },
      unit: '1/s',
    });
  });

  it.each([
    ['{"series":[]}', 0],
    ['{"series":[{"service":"a","metric":"m","points":[]}]}', 0],
    ['{"series":[], "comment": "extra top-level fields are ignored"}', 0],
  ])('accepts the degenerate body %s', (body, samples) => {
    expect(decodeJsonBatch(body, opts)).toEqual({ samples: [], rejected: [] });
    expect(samples).toBe(0);
  });

  it('keeps good items and locates bad ones by index and pointer', () => {
    const batch = decodeJsonBatchValue(
      {
        series: [
          series({
            points: [
              ['2026-11-23T10:00:00Z', 1],
              ['2026-11-23T10:01:00Z', 'abc'],
              ['1999-01-01T00:00:00Z', 3],
              { ts: 'x', value: 1 },
              [1, 2, 3],
            ],
          }),
          series({
            metric: '',
            points: [
              [now, 1],
              [now, 2],
            ],
          }),
          'not a series',
          series({ labels: { env: '' } }),
          series({ lables: { env: 'prod' } }),
          series({ points: { a: 1 } }),
          series({
            kind: 'counter',
            points: [
              [now, -1],
              [now, 4],
            ],
          }),
        ],
      },
      opts,
    );
    expect(batch.samples.map((s) => s.value)).toEqual([1, 4]);
    expect(batch.rejected).toEqual([
      { index: 1, pointer: '/series/0/points/1/1', reason: "value 'abc' is not a decimal number" },
      {
        index: 2,
        pointer: '/series/0/points/2/0',
        reason: 'timestamp 1999-01-01T00:00:00.000Z is before 2000-01-01',
      },
      { index: 3, pointer: '/series/0/points/3/ts', reason: expect.stringContaining("timestamp 'x'") },
      {
        index: 4,
        pointer: '/series/0/points/4',
        reason: expect.stringContaining('point must be [timestamp, value]'),
      },
      { index: 5, pointer: '/series/1/metric', reason: 'metric is empty', count: 2 },
      { index: 7, pointer: '/series/2', reason: "series must be an object, got the string 'not a series'" },
      { index: 8, pointer: '/series/3/labels/env', reason: "label 'env' has an empty value" },
      { index: 9, pointer: '/series/4/lables', reason: expect.stringContaining("unknown field 'lables'") },
      { index: 10, pointer: '/series/5/points', reason: 'points must be an array, got an object' },
      { index: 11, pointer: '/series/6/points/0/1', reason: 'counter value -1 is negative' },
    ]);
    expect(rejectedSamples(batch)).toBe(11);
  });

  it.each([
    ['[]', 'validation', ''],
    ['null', 'validation', ''],
    ['42', 'validation', ''],
    ['{}', 'validation', '/series'],
    ['{"series": {}}', 'validation', '/series'],
    ['{"series": ', 'malformed-body', undefined],
    ['', 'malformed-body', undefined],
  ])('refuses the body %j as %s', (body, kind, pointer) => {
    try {
      decodeJsonBatch(body, opts);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(DomainError);
      expect((error as DomainError).kind).toBe(kind);
      expect((error as DomainError).errors[0]?.pointer).toBe(pointer);
    }
  });

  it('refuses bytes that are not UTF-8', () => {
    expect(() => decodeJsonBatch(new Uint8Array([0x7b, 0xff, 0x7d]), opts)).toThrow(/not valid UTF-8/);
  });

  it('only ever returns a batch or throws a DomainError (fuzz: values)', () => {
    const point = fc.oneof(
      fc.tuple(
        fc.oneof(
          fc.integer(),
          fc.string(),
          fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
        ),
        fc.oneof(fc.double(), fc.string()),
      ),
      fc.anything(),
    );
    const item = fc.oneof(
      fc.record(
        {
          service: fc.string(),
          metric: fc.string(),
          unit: fc.string(),
          kind: fc.string(),
          labels: fc.dictionary(fc.string(), fc.anything()),
          points: fc.array(point),
        },
        { requiredKeys: [] },
      ),
      fc.anything(),
    );
    fc.assert(
      fc.property(fc.oneof(fc.record({ series: fc.array(item) }), fc.anything()), (value) => {
        try {
          const batch = decodeJsonBatchValue(value, opts);
          for (const r of batch.rejected) expect(r.pointer).toMatch(/^\/series\/\d+/);
        } catch (error) {
          expect(error).toBeInstanceOf(DomainError);
        }
      }),
    );
  });

  it('only ever returns a batch or throws a DomainError (fuzz: text and bytes)', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.json(), fc.uint8Array()), (body) => {
        try {
          decodeJsonBatch(body, opts);
        } catch (error) {
          expect(error).toBeInstanceOf(DomainError);
        }
      }),
    );
  });
});
