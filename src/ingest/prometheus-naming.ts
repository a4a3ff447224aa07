/**
 * Kind and unit of a Prometheus series from its name alone, following the naming conventions
 * (https://prometheus.io/docs/practices/naming/): `_total` marks a counter; `_count`, `_sum` and
 * `_bucket` are the cumulative parts of histograms and summaries; the unit is the base-unit
 * suffix before them (`_bytes`, `_seconds`, `_ratio`, ...). A name without a unit suffix gets
 * the empty unit, which means "canonical" for lastplan's known metrics (`memory_gib` from a
 * recording rule) and "dimensionless" for the rest.
 */
import type { SeriesKind } from './sample.ts';

export interface PrometheusSeries {
  readonly kind: SeriesKind;
  readonly unit: string;
}

const unitSuffixes: readonly [string, string][] = [
  ['_bytes', 'B'],
  ['_seconds', 's'],
  ['_milliseconds', 'ms'],
  ['_ratio', '1'],
  ['_percent', 'percent'],
  ['_cores', 'cores'],
  ['_bits', 'bit'],
];

/**
 * @example prometheusSeriesKind('node_network_transmit_bytes_total') // { kind: 'counter', unit: 'B' }
 * @example prometheusSeriesKind('http_request_duration_seconds_bucket') // { kind: 'counter', unit: '1' }
 */
export function prometheusSeriesKind(name: string): PrometheusSeries {
  if (name.endsWith('_bucket') || name.endsWith('_count')) return { kind: 'counter', unit: '1' };
  let base = name;
  let kind: SeriesKind = 'gauge';
  for (const suffix of ['_total', '_sum']) {
    if (base.endsWith(suffix)) {
      base = base.slice(0, -suffix.length);
      kind = 'counter';
      break;
    }
  }
  const unit = unitSuffixes.find(([suffix]) => base.endsWith(suffix))?.[1] ?? '';
  return { kind, unit };
}
