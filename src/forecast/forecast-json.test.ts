import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DomainError } from '../domain/errors.ts';
import { forecastJson } from './forecast-json.ts';

const iso = (i: number, stepMs = 3_600_000): string =>
  new Date(Date.UTC(2026, 0, 5) + i * stepMs).toISOString();
const grid = (n: number, f: (i: number) => number) => ({
  timestamps: Array.from({ length: n }, (_, i) => iso(i)),
  values: Array.from({ length: n }, (_, i) => f(i)),
});

function validationOf(input: unknown): DomainError {
  try {
    forecastJson(input);
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected a validation error');
}

describe('forecastJson', () => {
  it('returns mean, one band pair per level and elapsed_ms, each of length H', () => {
    const out = forecastJson({ ...grid(24 * 28, (i) => 10 + (i % 24)), horizon: 48, levels: [80, 95, 99] });
    expect(Object.keys(out)).toEqual([
      'mean',
      'lower80',
      'upper80',
      'lower95',
      'upper95',
      'lower99',
      'upper99',
      'elapsed_ms',
    ]);
    for (const key of ['mean', 'lower80', 'upper99']) expect(out[key]).toHaveLength(48);
    expect(typeof out.elapsed_ms).toBe('number');
  });

  it('defaults levels to 80 and 95 and reports the injected clock', () => {
    let t = 0;
    const out = forecastJson({ ...grid(10, (i) => i), horizon: 3 }, () => (t += 5));
    expect(Object.keys(out)).toEqual(['mean', 'lower80', 'upper80', 'lower95', 'upper95', 'elapsed_ms']);
    expect(out.elapsed_ms).toBe(5);
  });

  it.each([
    ['one point', grid(1, () => 42)],
    ['constant', grid(300, () => 7)],
    ['huge values', grid(300, (i) => 1e15 + i)],
    ['negative values', grid(300, (i) => -i)],
    ['5-minute grid', { timestamps: [0, 1, 2, 3].map((i) => iso(i, 300_000)), values: [1, 2, 3, 4] }],
  ])('works on %s', (_label, series) => {
    const out = forecastJson({ ...series, horizon: 5, levels: [80, 95] });
    expect(out.mean).toHaveLength(5);
    for (const v of [...out.mean, ...(out.upper95 as number[])]) expect(Number.isFinite(v)).toBe(true);
  });

  it.each([
    ['not an object', [1, 2], ''],
    ['missing timestamps', { values: [1], horizon: 1 }, '/timestamps'],
    ['bad timestamp', { timestamps: ['yesterday'], values: [1], horizon: 1 }, '/timestamps/0'],
    ['local time', { timestamps: ['2026-01-01T00:00:00'], values: [1], horizon: 1 }, '/timestamps/0'],
    ['length mismatch', { timestamps: [iso(0), iso(1)], values: [1], horizon: 1 }, '/values'],
    ['a gap', { timestamps: [iso(0), iso(1)], values: [1, null], horizon: 1 }, '/values/1'],
    ['string value', { timestamps: [iso(0)], values: ['1'], horizon: 1 }, '/values/0'],
    ['horizon zero', { timestamps: [iso(0)], values: [1], horizon: 0 }, '/horizon'],
    ['fractional horizon', { timestamps: [iso(0)], values: [1], horizon: 1.5 }, '/horizon'],
    ['level 100', { timestamps: [iso(0)], values: [1], horizon: 1, levels: [100] }, '/levels/0'],
    ['duplicate level', { timestamps: [iso(0)], values: [1], horizon: 1, levels: [80, 80] }, '/levels/1'],
    ['unsorted', { timestamps: [iso(1), iso(0)], values: [1, 2], horizon: 1 }, '/timestamps/1'],
    ['irregular', { timestamps: [iso(0), iso(1), iso(3)], values: [1, 2, 3], horizon: 1 }, '/timestamps/2'],
    [
      'unknown zone',
      { timestamps: [iso(0)], values: [1], horizon: 1, timeZone: 'Mars/Olympus' },
      '/timeZone',
    ],
  ])('rejects %s with a pointer', (_label, input, pointer) => {
    const error = validationOf(input);
    expect(error.kind).toBe('validation');
    expect(error.message).not.toContain('\n');
    expect(error.errors[0]?.pointer).toBe(pointer);
  });

  it('never throws anything but a validation error', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        try {
          forecastJson(value);
        } catch (error) {
          expect(error).toBeInstanceOf(DomainError);
        }
      }),
      { numRuns: 200 },
    );
  });
});
