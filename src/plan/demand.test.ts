import { describe, expect, it } from 'vitest';
import type { DomainError } from '../domain/errors.ts';
import { type DemandForecast, quantileLabel, stepTime, validateDemand } from './demand.ts';

const ok: DemandForecast = { start: 0, stepMs: 3_600_000, p50: [1, 2], planning: [2, 3], quantile: 0.95 };

describe('validateDemand', () => {
  it.each([
    [{ start: 1.5 }, '/start'],
    [{ stepMs: 0 }, '/stepMs'],
    [{ quantile: 0 }, '/quantile'],
    [{ planning: [1] }, '/planning'],
    [{ p50: [1, Number.NaN] }, '/p50/1'],
    [{ planning: [1, -1] }, '/planning/1'],
    [{ planning: [1, Number.POSITIVE_INFINITY] }, '/planning/1'],
    [{ events: [{ name: 'x', start: 5, end: 5 }] }, '/events/0/end'],
    [{ events: [{ name: '', start: 5, end: 6 }] }, '/events/0/name'],
  ])('rejects %j at %s', (change, pointer) => {
    try {
      validateDemand({ ...ok, ...change });
      expect.unreachable();
    } catch (error) {
      expect((error as DomainError).errors.map((e) => e.pointer)).toContain(pointer);
    }
  });

  it('accepts an empty horizon here (the plan rejects it) and a valid one', () => {
    expect(validateDemand({ ...ok, p50: [], planning: [] }).p50).toEqual([]);
    expect(validateDemand(ok)).toBe(ok);
  });
});

describe('labels', () => {
  it.each([
    [0.975, '95 % band'],
    [0.5, 'P50'],
    [0.95, '90 % band'],
    [0.995, '99 % band'],
  ])('%f is %s', (q, label) => {
    expect(quantileLabel(q)).toBe(label);
  });

  it('prints step times in UTC', () => {
    expect(stepTime({ start: Date.UTC(2027, 2, 28), stepMs: 3_600_000 }, 3)).toBe('2027-03-28T03:00Z');
    expect(stepTime({ start: Date.UTC(2028, 1, 29, 23, 45), stepMs: 900_000 }, 1)).toBe('2028-03-01T00:00Z');
    expect(stepTime({ start: -3_600_000, stepMs: 60_000 }, 5)).toBe('1969-12-31T23:05Z');
  });
});
