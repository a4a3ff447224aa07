import { describe, expect, it } from 'vitest';
import { groupSeries, isInfrastructure, labelText } from './series-groups.ts';

const series = [
  { id: 'a', metric: 'go_gc_duration_seconds', unit: 's', labels: { quantile: '0.5', job: 'prom' } },
  { id: 'b', metric: 'go_gc_duration_seconds', unit: 's', labels: { quantile: '0.25', job: 'prom' } },
  { id: 'c', metric: 'requests_per_second', unit: '1/s' },
];

describe('groupSeries', () => {
  it('groups by metric, sorted, series told apart by their labels', () => {
    expect(groupSeries(series, '')).toEqual([
      {
        metric: 'go_gc_duration_seconds',
        items: [
          { id: 'b', labels: 'job="prom", quantile="0.25"' },
          { id: 'a', labels: 'job="prom", quantile="0.5"' },
        ],
      },
      { metric: 'requests_per_second', items: [{ id: 'c', labels: '' }] },
    ]);
  });

  it.each([
    ['GC 0.25', ['b']],
    ['anfragen', ['c']],
    ['nothing-like-it', []],
  ])('finds %s by name, display name or label', (query, ids) => {
    const found = groupSeries(series, query, (m) =>
      m === 'requests_per_second' ? 'Anfragen pro Sekunde' : m,
    );
    expect(found.flatMap((g) => g.items.map((i) => i.id))).toEqual(ids);
  });
});

describe('isInfrastructure', () => {
  it.each([
    [[{ metric: 'go_gc_duration_seconds' }, { metric: 'up' }], true],
    [[{ metric: 'go_gc_duration_seconds' }, { metric: 'requests_per_second' }], false],
    [[], false],
  ])('%j → %s', (list, expected) => {
    expect(isInfrastructure(list)).toBe(expected);
  });

  it('writes labels in a fixed order', () => {
    expect(labelText({ b: '2', a: '1' })).toBe('a="1", b="2"');
    expect(labelText(undefined)).toBe('');
  });
});
