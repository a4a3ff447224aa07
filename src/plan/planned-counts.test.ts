import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { plannedCounts, planningWindows, windowMax } from './planned-counts.ts';
import { requiredInstances } from './required-instances.ts';

const counts = fc
  .array(fc.integer({ min: 0, max: 30 }), { minLength: 0, maxLength: 300 })
  .map((a) => Int32Array.from(a));
const windows = fc.record({
  lead: fc.integer({ min: 0, max: 12 }),
  delay: fc.integer({ min: 0, max: 12 }),
  minStep: fc.integer({ min: 1, max: 24 }),
});

function runs(values: Int32Array): number[] {
  const lengths: number[] = [];
  let from = 0;
  for (let i = 1; i <= values.length; i++) {
    if (i === values.length || values[i] !== values[from]) {
      lengths.push(i - from);
      from = i;
    }
  }
  return lengths;
}

describe('requiredInstances', () => {
  it.each([
    [[0, 140, 700], 100, [2, 2, 8], [{ index: 2, needed: 10 }]],
    [[70, 70.0000001, 0], 100, [2, 2, 2], []],
    [[210], 100, [3], []],
    [[], 100, [], []],
    [[1e15], 1, [8], [{ index: 0, needed: Math.ceil((1e15 / 0.7) * (1 - 1e-9)) }]],
  ])('%j at capacity %i', (demand, capacity, expected, shortfall) => {
    const result = requiredInstances(demand, capacity, {
      targetUtilisation: 0.7,
      minInstances: 2,
      maxInstances: 8,
    });
    expect([...result.counts]).toEqual(expected);
    expect(result.shortfall).toEqual(shortfall);
  });

  it('covers the demand at the target utilisation unless capped (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0, max: 1e6, noNaN: true })),
        fc.double({ min: 0.1, max: 1e4, noNaN: true }),
        fc.double({ min: 0.05, max: 1, noNaN: true }),
        (demand, capacity, target) => {
          const { counts } = requiredInstances(demand, capacity, {
            targetUtilisation: target,
            minInstances: 0,
            maxInstances: 1e9,
          });
          return demand.every((d, i) => counts[i]! * capacity * target >= d * (1 - 1e-8));
        },
      ),
    );
  });
});

describe('windowMax', () => {
  it('matches the obvious definition (property)', () => {
    fc.assert(
      fc.property(counts, fc.nat(10), fc.nat(10), (values, behind, ahead) => {
        const out = windowMax(values, behind, ahead);
        return [...values].every((_, i) => {
          const window = values.slice(Math.max(0, i - behind), Math.min(values.length, i + ahead + 1));
          return out[i] === Math.max(...window);
        });
      }),
    );
  });
});

describe('plannedCounts', () => {
  it.each([
    [[1, 1, 1, 4, 1, 1, 1, 1], { lead: 1, delay: 1, minStep: 2 }, [1, 1, 4, 4, 4, 4, 1, 1]],
    [[0, 0, 0, 0, 0, 5], { lead: 2, delay: 0, minStep: 1 }, [0, 0, 0, 5, 5, 5]],
    [[5, 0, 0, 0, 0, 0], { lead: 0, delay: 2, minStep: 1 }, [5, 5, 5, 0, 0, 0]],
    [[3], { lead: 5, delay: 5, minStep: 10 }, [3]],
    [[1, 2, 1, 2, 1], { lead: 0, delay: 0, minStep: 2 }, [2, 2, 2, 2, 2]],
    [[], { lead: 1, delay: 1, minStep: 3 }, []],
  ])('%j with %j', (need, w, expected) => {
    expect([...plannedCounts(Int32Array.from(need), w)]).toEqual(expected);
  });

  it('never plans below the need, honours lead and delay, and has no short steps (property)', () => {
    fc.assert(
      fc.property(counts, windows, (need, w) => {
        const planned = plannedCounts(need, w);
        for (let i = 0; i < need.length; i++) {
          for (let j = Math.max(0, i - w.lead); j <= Math.min(need.length - 1, i + w.delay); j++) {
            if (planned[j]! < need[i]!) return false;
          }
        }
        return need.length < w.minStep || runs(planned).every((length) => length >= w.minStep);
      }),
    );
  });

  it('is monotone: more need never plans fewer instances (property)', () => {
    fc.assert(
      fc.property(counts, windows, fc.array(fc.nat(5), { maxLength: 300 }), (need, w, extra) => {
        const more = need.map((v, i) => v + (extra[i] ?? 0));
        const a = plannedCounts(need, w);
        const b = plannedCounts(more, w);
        return a.every((v, i) => v <= b[i]!);
      }),
    );
  });

  it('equals the window maximum followed by block maxima (property)', () => {
    fc.assert(
      fc.property(counts, windows, (need, w) => {
        const held = windowMax(need, w.delay, w.lead);
        const n = held.length;
        const expected = Int32Array.from(held);
        for (let from = 0; from < n; from += w.minStep) {
          const to = n - (from + w.minStep) < w.minStep ? n : from + w.minStep;
          expected.fill(Math.max(0, ...held.slice(from, to)), from, to);
          if (to === n) break;
        }
        return plannedCounts(need, w).every((v, i) => v === expected[i]);
      }),
    );
  });

  it('converts durations to whole steps', () => {
    expect(planningWindows({ leadTimeMs: 5_400_000, scaleDownDelayMs: 0, minStepMs: 0 }, 3_600_000)).toEqual({
      lead: 2,
      delay: 0,
      minStep: 1,
    });
  });
});
