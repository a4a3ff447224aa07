import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  isProblem,
  MAX_LABEL_VALUE_LENGTH,
  MAX_LABELS,
  type ValidSeries,
  validatePoint,
  validateSample,
  validateSeries,
} from './validate-sample.ts';

const now = Date.UTC(2026, 10, 23, 12);
const base = {
  service: 'kfz-zulassung',
  metric: 'requests_per_second',
  unit: '1/s',
  kind: 'gauge',
  labels: {},
};

describe('validateSample', () => {
  it('accepts a plain sample and sorts label keys', () => {
    const result = validateSample(
      { ...base, labels: { zone: 'b', env: 'prod' }, ts: '2026-11-23T10:00:00Z', value: 12.5 },
      now,
      {
        index: 0,
      },
    );
    expect(result).toEqual({
      service: 'kfz-zulassung',
      metric: 'requests_per_second',
      unit: '1/s',
      kind: 'gauge',
      labels: { env: 'prod', zone: 'b' },
      ts: Date.UTC(2026, 10, 23, 10),
      value: 12.5,
    });
    expect(Object.keys((result as { labels: object }).labels)).toEqual(['env', 'zone']);
  });

  it.each([
    ['memory_gib', 'MiB', 1536, 'GiB', 1.5],
    ['cpu_cores', 'millicores', 250, 'cores', 0.25],
    ['cpu_utilization', '%', 85, '1', 0.85],
    ['memory_gib', '', 3, 'GiB', 3],
    ['queue_depth', '{messages}', 7, '{messages}', 7],
  ])('%s in %j converts to the storage unit', (metric, unit, value, storedUnit, stored) => {
    const result = validateSample({ ...base, metric, unit, ts: now, value }, now, { index: 0 });
    expect(result).toMatchObject({ unit: storedUnit, value: stored });
  });

  it.each([
    [{ service: '' }, 'service', /service is empty/],
    [{ service: 42 }, 'service', /service must be a string, got number 42/],
    [{ service: ' kfz' }, 'service', /has characters outside/],
    [{ service: 'x'.repeat(129) }, 'service', /longer than 128/],
    [{ metric: '' }, 'metric', /metric is empty/],
    [{ metric: '9lives' }, 'metric', /has characters outside/],
    [{ metric: 'cpu cores' }, 'metric', /has characters outside/],
    [{ unit: 'parsecs' }, 'unit', /unknown unit 'parsecs'/],
    [{ metric: 'memory_gib', unit: 'cores' }, 'unit', /cannot be converted.*memory_gib/],
    [{ unit: 5 }, 'unit', /unit must be a string/],
    [{ kind: 'histogram' }, 'kind', /kind must be 'gauge', 'counter' or 'delta'/],
    [{ labels: [] }, 'labels', /labels must be an object/],
    [{ labels: { env: 1 } }, 'labels', /label 'env' must be a string, got number 1/],
    [{ labels: { env: '' } }, 'labels', /label 'env' has an empty value/],
    [{ labels: { 'bad key': 'x' } }, 'labels', /label key 'bad key' has characters outside/],
    [{ labels: { __name__: 'x' } }, 'labels', /reserved/],
    [{ labels: { env: 'x'.repeat(MAX_LABEL_VALUE_LENGTH + 1) } }, 'labels', /longer than/],
    [
      { labels: Object.fromEntries(Array.from({ length: MAX_LABELS + 1 }, (_, i) => [`k${i}`, 'v'])) },
      'labels',
      /exceed the limit of 32/,
    ],
    [{ ts: '1999-12-31T23:59:59Z' }, 'ts', /before 2000-01-01$/],
    [{ ts: 1795428000 }, 'ts', /epoch seconds\? send milliseconds/],
    [{ ts: now + 3_600_001 }, 'ts', /more than 1 h after now \(2026-11-23T12:00:00.000Z\)/],
    [{ ts: '2026-11-23T10:00:00' }, 'ts', /no UTC offset/],
    [{ value: Number.NaN }, 'value', /value NaN is not finite/],
    [{ value: Number.POSITIVE_INFINITY }, 'value', /not finite/],
    [{ value: 'NaN' }, 'value', /not a decimal number/],
    [{ value: null }, 'value', /value must be a number, got null/],
    [{ value: true }, 'value', /got boolean true/],
    [{ kind: 'counter', value: -1 }, 'value', /counter value -1 is negative/],
    [{ kind: 'delta', value: -0.5 }, 'value', /delta value -0.5 is negative/],
  ])('rejects %j', (override, field, reason) => {
    const pointers = { [field]: `/x/${field}` };
    const result = validateSample({ ...base, ts: now, value: 1, ...override }, now, {
      index: 7,
      line: 9,
      pointers,
    });
    expect(result).toMatchObject({
      index: 7,
      line: 9,
      pointer: expect.stringMatching(`^/x/${field}`),
      reason: expect.stringMatching(reason),
    });
  });

  it('points into labels with an escaped key', () => {
    const result = validateSample({ ...base, labels: { 'a/b': '' }, ts: now, value: 1 }, now, {
      index: 0,
      pointers: { labels: '/series/0/labels' },
    });
    expect(result).toMatchObject({ pointer: '/series/0/labels/a~1b' });
  });

  it.each([
    [0, 'gauge'],
    [-5, 'gauge'],
    [0, 'counter'],
    [Number.MAX_VALUE, 'counter'],
    [Number.MIN_VALUE, 'delta'],
  ])('accepts value %d for a %s', (value, kind) => {
    expect(validateSample({ ...base, kind, ts: now, value }, now, { index: 0 })).toMatchObject({ value });
  });

  it('accepts the boundaries of the time window', () => {
    expect(
      validateSample({ ...base, ts: '2000-01-01T00:00:00Z', value: 1 }, now, { index: 0 }),
    ).toHaveProperty('ts');
    expect(validateSample({ ...base, ts: now + 3_600_000, value: 1 }, now, { index: 0 })).toHaveProperty(
      'ts',
    );
  });
});

describe('validateSeries and validatePoint', () => {
  it('returns only samples or problems, whatever the input', () => {
    fc.assert(
      fc.property(
        fc.anything(),
        fc.anything(),
        fc.anything(),
        fc.anything(),
        fc.anything(),
        fc.anything(),
        fc.anything(),
        (service, metric, unit, kind, labels, ts, value) => {
          const series = validateSeries({ service, metric, unit, kind, labels });
          if (isProblem(series)) {
            expect(typeof series.reason).toBe('string');
            return;
          }
          const point = validatePoint(series as ValidSeries, ts, value, now);
          expect(isProblem(point) || Number.isFinite(point.value)).toBe(true);
        },
      ),
    );
  });
});
