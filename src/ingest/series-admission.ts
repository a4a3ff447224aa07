import type { SampleInput } from './sample.ts';

/** Same pattern as the `services.key` check in migrations/0002. */
const SERVICE_KEY = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;
/** The `series.metric` check in migrations/0002. */
const MAX_STORED_METRIC = 200;

/** Whether a service key can be stored (the check of migrations/0002). */
export function isStorableServiceKey(key: string): boolean {
  return SERVICE_KEY.test(key);
}

/**
 * Why a series cannot be stored at all (its names break the tables' checks), or undefined.
 *
 * @example unstorableSeries({ service: '-x', metric: 'm' }) // "service key '-x' must be letters, …"
 */
export function unstorableSeries(first: Pick<SampleInput, 'service' | 'metric'>): string | undefined {
  if (first.metric.length > MAX_STORED_METRIC)
    return `metric name is longer than ${MAX_STORED_METRIC} characters`;
  if (!isStorableServiceKey(first.service))
    return `service key '${first.service}' must be letters, digits and . _ : - (max 128), starting with a letter or digit`;
  return undefined;
}

/**
 * The series limit: of the `missing` series, those that fit beside the `stored` ones are created,
 * the rest refused with the reason.
 *
 * @example admitNewSeries(['a', 'b', 'c'], 9, 10) // { create: ['a'], refuse: ['b', 'c'], reason: '…limit of 10 series…' }
 */
export function admitNewSeries<T>(
  missing: readonly T[],
  stored: number,
  maxSeries: number,
): { create: T[]; refuse: T[]; reason: string } {
  const room = Math.max(0, maxSeries - stored);
  return {
    create: missing.slice(0, room),
    refuse: missing.slice(room),
    reason: `the tenant has reached its limit of ${maxSeries} series (LASTPLAN_MAX_SERIES); this series was not created`,
  };
}
