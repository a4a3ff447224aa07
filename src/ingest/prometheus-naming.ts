/**
 * Kind and unit of a Prometheus series. The metric family's metadata (`# TYPE`, `# UNIT`, which
 * Prometheus forwards in `WriteRequest.metadata`) decides where it is known; otherwise the naming
 * conventions (https://prometheus.io/docs/practices/naming/) do: `_total` marks a counter;
 * `_count`, `_sum` and `_bucket` are the cumulative parts of histograms and summaries; the unit is
 * the base-unit suffix before them (`_bytes`, `_seconds`, `_ratio`, ...). A name without a unit
 * suffix gets the empty unit, which means "canonical" for lastplan's known metrics (`memory_gib`
 * from a recording rule) and "dimensionless" for the rest.
 */
import type { SeriesKind } from './sample.ts';

export interface PrometheusSeries {
  readonly kind: SeriesKind;
  readonly unit: string;
}

/** `prompb.MetricMetadata.MetricType`, by its enum number. */
export const prometheusTypes = [
  'unknown',
  'counter',
  'gauge',
  'histogram',
  'gaugehistogram',
  'summary',
  'info',
  'stateset',
] as const;

export type PrometheusType = (typeof prometheusTypes)[number];

/** What a sender told us about a metric family. */
export interface FamilyMetadata {
  readonly family: string;
  readonly type: PrometheusType;
  /** OpenMetrics unit (`bytes`, `seconds`), empty when the exposition had none. */
  readonly unit: string;
  readonly help: string;
}

/** Finds the metadata of a metric family, if any was received. */
export type MetadataLookup = (family: string) => FamilyMetadata | undefined;

const unitSuffixes: readonly [string, string][] = [
  ['_bytes', 'B'],
  ['_seconds', 's'],
  ['_milliseconds', 'ms'],
  ['_ratio', '1'],
  ['_percent', 'percent'],
  ['_cores', 'cores'],
  ['_bits', 'bit'],
];

/** Series name suffixes and the family types they belong to, with the kind they then have. */
const familyParts: readonly [suffix: string, types: readonly PrometheusType[], kind: SeriesKind][] = [
  ['_total', ['counter'], 'counter'],
  ['_bucket', ['histogram'], 'counter'],
  ['_count', ['histogram', 'summary'], 'counter'],
  ['_sum', ['histogram', 'summary'], 'counter'],
  ['_bucket', ['gaugehistogram'], 'gauge'],
  ['_gcount', ['gaugehistogram'], 'gauge'],
  ['_gsum', ['gaugehistogram'], 'gauge'],
  ['_created', ['counter', 'histogram', 'summary'], 'gauge'],
  ['_info', ['info'], 'gauge'],
];

/**
 * Kind and unit of a series from its name and, when known, its family's metadata.
 *
 * @example prometheusSeriesKind('node_network_transmit_bytes_total') // { kind: 'counter', unit: 'B' }
 * @example prometheusSeriesKind('http_request_duration_seconds_bucket') // { kind: 'counter', unit: '1' }
 * @example prometheusSeriesKind('queue_count', () => ({ family: 'queue_count', type: 'gauge', unit: '', help: '' })) // { kind: 'gauge', unit: '' }
 */
export function prometheusSeriesKind(name: string, lookup?: MetadataLookup): PrometheusSeries {
  const guess = kindFromName(name);
  if (lookup === undefined) return guess;
  const own = lookup(name);
  if (own !== undefined && own.type !== 'unknown') {
    // The series is the family itself: a counter without `_total`, a gauge, a summary's quantiles.
    const kind: SeriesKind = own.type === 'counter' ? 'counter' : 'gauge';
    return { kind, unit: unitOf(own, kind === 'counter' ? guess.unit : unitFromName(name)) };
  }
  for (const [suffix, types, kind] of familyParts) {
    if (!name.endsWith(suffix)) continue;
    const family = lookup(name.slice(0, -suffix.length));
    if (family === undefined || !types.includes(family.type)) continue;
    if (suffix === '_bucket' || suffix === '_count' || suffix === '_gcount')
      return { kind, unit: guess.unit };
    return { kind, unit: unitOf(family, guess.unit) };
  }
  if (own?.type === 'unknown') return { kind: 'gauge', unit: unitOf(own, unitFromName(name)) };
  return guess;
}

/**
 * The metadata of a family as lastplan uses it, or undefined when a name is missing.
 *
 * @example familyMetadata({ family: 'up', type: 2 }) // { family: 'up', type: 'gauge', unit: '', help: '' }
 */
export function familyMetadata(raw: {
  family: string;
  type: number;
  unit?: string;
  help?: string;
}): FamilyMetadata | undefined {
  if (raw.family === '') return undefined;
  return {
    family: raw.family,
    type: prometheusTypes[raw.type] ?? 'unknown',
    unit: raw.unit ?? '',
    help: raw.help ?? '',
  };
}

function kindFromName(name: string): PrometheusSeries {
  if (name.endsWith('_bucket') || name.endsWith('_count')) return { kind: 'counter', unit: '1' };
  for (const suffix of ['_total', '_sum']) {
    if (name.endsWith(suffix)) return { kind: 'counter', unit: unitFromName(name.slice(0, -suffix.length)) };
  }
  return { kind: 'gauge', unit: unitFromName(name) };
}

function unitFromName(base: string): string {
  return unitSuffixes.find(([suffix]) => base.endsWith(suffix))?.[1] ?? '';
}

/** The family's declared unit where we know it, else what its name says. */
function unitOf(metadata: FamilyMetadata, fallback: string): string {
  if (metadata.unit === '') return fallback;
  return unitSuffixes.find(([suffix]) => suffix === `_${metadata.unit}`)?.[1] ?? fallback;
}
