import { describe, expect, it } from 'vitest';
import type { SampleInput } from './sample.ts';
import { admitNewSeries, unstorableSeries } from './series-admission.ts';
import { describeSeries, groupBySeries, labelsKey } from './series-groups.ts';
import { seriesPoints } from './series-points.ts';

const sample = (over: Partial<SampleInput>): SampleInput => ({
  service: 'kfz',
  metric: 'memory',
  unit: 'B',
  kind: 'gauge',
  labels: {},
  ts: 0,
  value: 1,
  ...over,
});

describe('seriesPoints', () => {
  it('converts into the series unit and lets the last value of a timestamp win', () => {
    const { points, refused } = seriesPoints({ unit: 'B', kind: 'gauge' }, [
      sample({ unit: 'KiB', ts: 0, value: 2 }),
      sample({ ts: 60_000, value: 5 }),
      sample({ ts: 60_000, value: 7 }),
    ]);
    expect([...points]).toEqual([
      [0, 2048],
      [60_000, 7],
    ]);
    expect(refused.size).toBe(0);
  });

  it('refuses an inconvertible unit, another kind and timestamps before the retention, counted per reason', () => {
    const { points, refused } = seriesPoints(
      { unit: 'B', kind: 'gauge' },
      [
        sample({ unit: 'cores', ts: 1000 }),
        sample({ unit: 'cores', ts: 2000 }),
        sample({ kind: 'counter', ts: 3000 }),
        sample({ ts: 10 }),
        sample({ ts: 5000, value: 3 }),
      ],
      { oldestTs: 100 },
    );
    expect([...points]).toEqual([[5000, 3]]);
    const reasons = [...refused];
    expect(reasons.map(([, n]) => n)).toEqual([2, 1, 1]);
    expect(reasons[0]?.[0]).toMatch(/the series is stored in 'B'/);
    expect(reasons[1]?.[0]).toBe('series is stored as a gauge, not a counter');
    expect(reasons[2]?.[0]).toMatch(/older than the raw-sample retention \(1970-01-01T00:00:00.100Z\)/);
  });

  it('keeps the stored kind when the kind was only a hint, but a counter still refuses a negative value', () => {
    const hinted = seriesPoints(
      { unit: 'B', kind: 'counter' },
      [sample({ ts: 1, value: 4 }), sample({ ts: 2, value: -1 })],
      { kindIsHint: true },
    );
    expect([...hinted.points]).toEqual([[1, 4]]);
    expect([...hinted.refused.values()]).toEqual([1]);
  });
});

describe('series admission', () => {
  it('creates what fits under the limit and refuses the rest', () => {
    expect(admitNewSeries(['a', 'b', 'c'], 9, 10)).toMatchObject({ create: ['a'], refuse: ['b', 'c'] });
    expect(admitNewSeries(['a'], 12, 10)).toMatchObject({ create: [], refuse: ['a'] });
    expect(admitNewSeries(['a'], 12, 10).reason).toMatch(/limit of 10 series/);
  });

  it('names series the tables cannot hold', () => {
    expect(unstorableSeries({ service: 'kfz', metric: 'm' })).toBeUndefined();
    expect(unstorableSeries({ service: '-kfz', metric: 'm' })).toMatch(/service key '-kfz'/);
    expect(unstorableSeries({ service: 'kfz', metric: 'm'.repeat(201) })).toMatch(/longer than 200/);
  });
});

describe('groupBySeries', () => {
  it('groups by service, metric and label set, whatever the key order of the labels', () => {
    const groups = groupBySeries([
      sample({ labels: { b: '2', a: '1' }, ts: 1 }),
      sample({ labels: { a: '1', b: '2' }, ts: 2 }),
      sample({ metric: 'cpu', ts: 3 }),
    ]);
    expect([...groups.values()].map((g) => g.samples.map((s) => s.ts))).toEqual([[1, 2], [3]]);
    expect(labelsKey({ b: '2', a: '1' })).toBe('a="1",b="2"');
    expect(describeSeries(sample({ labels: { host: 'h1' } }))).toBe('kfz/memory{host="h1"}');
  });
});
