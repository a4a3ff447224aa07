import { describe, expect, it } from 'vitest';
import { metricLabel, unitLabel } from './metric-label.ts';

describe('metric and unit labels', () => {
  it.each([
    ['de', 'requests_per_second', 'Anfragen pro Sekunde'],
    ['en', 'requests_per_second', 'Requests per second'],
    ['de', 'go_gc_duration_seconds', 'go_gc_duration_seconds'],
    ['de', 'constructor', 'constructor'],
  ] as const)('%s %s → %s', (lang, metric, label) => {
    expect(metricLabel(lang, metric)).toBe(label);
  });

  it.each([
    ['de', 'cores', 'Kerne'],
    ['en', 'cores', 'cores'],
    ['de', '1/s', '1/s'],
    ['de', '1', ''],
    ['de', 'GiB', 'GiB'],
  ] as const)('%s %s → %s', (lang, unit, label) => {
    expect(unitLabel(lang, unit)).toBe(label);
  });
});
