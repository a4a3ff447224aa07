/**
 * Units of measure for ingested metrics: one canonical spelling per unit, the dimension it
 * measures and an exact rational factor to that dimension's base unit, so that convertible
 * units (MiB and GiB, millicores and cores, percent and ratio) convert with one multiply and
 * one divide and incompatible ones are refused with a reason a person can act on.
 */

/** A result that carries either a value or the reason there is none. */
export type UnitResult<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly reason: string };

/** What a unit measures; only units of the same dimension convert into each other. */
export type UnitDimension =
  | 'cpu'
  | 'dimensionless'
  | 'information'
  | 'information-rate'
  | 'frequency'
  | 'duration'
  | 'annotation';

interface UnitDef {
  readonly dimension: UnitDimension;
  /** value in base unit = value × mul / div */
  readonly mul: number;
  readonly div: number;
}

const KIB = 1024;
const defs = new Map<string, UnitDef>();
/** Spellings matched exactly: symbols, where case carries meaning (MB is not mb, Mb or mB). */
const exact = new Map<string, string>();
/** Spellings matched in any case: words, and symbols that cannot be misread (GiB, gib). */
const loose = new Map<string, string>();

function define(unit: string, dimension: UnitDimension, mul: number, div: number, ...names: string[]): void {
  defs.set(unit, { dimension, mul, div });
  for (const name of [unit, ...names]) {
    exact.set(name, unit);
    if (name.length >= 4 || /i/i.test(name)) loose.set(name.toLowerCase(), unit);
  }
}

define(
  'cores',
  'cpu',
  1,
  1,
  'core',
  'cpu',
  'CPU',
  'vCPU',
  'cpus',
  'vcpu',
  'vcpus',
  '{cpu}',
  '{cores}',
  '{core}',
);
define('millicores', 'cpu', 1, 1000, 'millicore', 'mcpu', 'mcores', 'm{cpu}');
define('1', 'dimensionless', 1, 1, 'ratio', '{ratio}', 'fraction');
define('percent', 'dimensionless', 1, 100, '%', 'pct', 'percentage');
define('1/s', 'frequency', 1, 1, '/s', 'Hz', 'hz', 'rps', 'req/s', 'requests/s', 'per_second');
define('1/min', 'frequency', 1, 60, '/min', 'rpm', 'req/min', 'requests/min', 'per_minute');
define('1/h', 'frequency', 1, 3600, '/h', 'req/h', 'requests/h', 'per_hour');
define('ns', 'duration', 1, 1e9, 'nanoseconds');
define('us', 'duration', 1, 1e6, 'µs', 'μs', 'microseconds');
define('ms', 'duration', 1, 1000, 'milliseconds');
define('s', 'duration', 1, 1, 'sec', 'second', 'seconds');
define('min', 'duration', 60, 1, 'minute', 'minutes');
define('h', 'duration', 3600, 1, 'hour', 'hours');
define('d', 'duration', 86400, 1, 'day', 'days');

// Bytes in both SI (kB = 1000 B) and IEC (KiB = 1024 B) spellings, plus the UCUM forms (`By`,
// `KiBy`) that OpenTelemetry uses, and the same again per second.
const byteUnits: readonly [string, number, readonly string[]][] = [
  ['B', 1, ['byte', 'bytes', 'By']],
  ['kB', 1e3, ['kBy', 'kilobytes']],
  ['MB', 1e6, ['MBy', 'megabytes']],
  ['GB', 1e9, ['GBy', 'gigabytes']],
  ['TB', 1e12, ['TBy', 'terabytes']],
  ['KiB', KIB, ['KiBy', 'kibibytes']],
  ['MiB', KIB ** 2, ['MiBy', 'mebibytes']],
  ['GiB', KIB ** 3, ['GiBy', 'gibibytes']],
  ['TiB', KIB ** 4, ['TiBy', 'tebibytes']],
];
for (const [unit, factor, names] of byteUnits) {
  define(unit, 'information', factor, 1, ...names);
  define(`${unit}/s`, 'information-rate', factor, 1, ...names.map((n) => `${n}/s`));
}
define('bit', 'information', 1, 8, 'bits');
define('bit/s', 'information-rate', 1, 8, 'bits/s', 'bps');

/** Spellings whose meaning differs between tools; refused rather than guessed. */
const ambiguous: Readonly<Record<string, string>> = {
  kb: 'kB (1000 bytes) or KiB (1024 bytes)',
  mb: 'MB (10^6 bytes) or MiB (2^20 bytes)',
  gb: 'GB (10^9 bytes) or GiB (2^30 bytes)',
  tb: 'TB (10^12 bytes) or TiB (2^40 bytes)',
  m: 'millicores (CPU) or min (minutes)',
};

/** Canonical units of the metrics the planner knows by name. */
export const knownMetricUnits = {
  cpu_cores: 'cores',
  cpu_utilization: '1',
  memory_gib: 'GiB',
  requests_per_second: '1/s',
  storage_gib: 'GiB',
  egress_gib: 'GiB',
} as const satisfies Record<string, string>;

export type KnownMetric = keyof typeof knownMetricUnits;

/**
 * True if `metric` is one of the planner's known metric names.
 *
 * @example isKnownMetric('memory_gib') // true
 */
export function isKnownMetric(metric: string): metric is KnownMetric {
  return Object.hasOwn(knownMetricUnits, metric);
}

const annotationPattern = /^\{[A-Za-z0-9_.\-/ ]{1,40}\}$/;
const annotatedRatePattern = /^\{[A-Za-z0-9_.\-/ ]{1,40}\}\/(s|min|h)$/;

/**
 * Returns the canonical spelling of a unit. UCUM annotations such as `{requests}` stand for
 * themselves (a count of something); `{requests}/s` is a frequency. The empty string means
 * "no unit" and becomes `1`.
 *
 * @example normalizeUnit('MiBy') // { ok: true, value: 'MiB' }
 */
export function normalizeUnit(raw: string): UnitResult<string> {
  const trimmed = raw.trim();
  if (trimmed === '') return { ok: true, value: '1' };
  const known = exact.get(trimmed) ?? loose.get(trimmed.toLowerCase());
  if (known !== undefined) return { ok: true, value: known };
  const hint = ambiguous[trimmed.toLowerCase()];
  if (hint !== undefined) return { ok: false, reason: `unit '${trimmed}' is ambiguous: use ${hint}` };
  if (annotationPattern.test(trimmed)) return { ok: true, value: trimmed };
  const rate = annotatedRatePattern.exec(trimmed);
  if (rate) return { ok: true, value: `1/${rate[1]}` };
  return { ok: false, reason: `unknown unit '${truncate(trimmed)}'` };
}

/**
 * The dimension of a canonical unit (as returned by `normalizeUnit`).
 *
 * @example unitDimension('MiB') // 'information'
 */
export function unitDimension(unit: string): UnitDimension | undefined {
  return defs.get(unit)?.dimension ?? (annotationPattern.test(unit) ? 'annotation' : undefined);
}

/**
 * Converts a value between two units, each given in any accepted spelling.
 *
 * @example convertValue(1536, 'MiB', 'GiB') // { ok: true, value: 1.5 }
 */
export function convertValue(value: number, from: string, to: string): UnitResult<number> {
  const factor = conversionFactor(from, to);
  if (!factor.ok) return factor;
  const [mul, div] = factor.value;
  return { ok: true, value: mul === div ? value : (value * mul) / div };
}

/**
 * The exact factor `[mul, div]` with `valueInTo = valueInFrom × mul / div`.
 *
 * @example conversionFactor('percent', 'ratio') // { ok: true, value: [1, 100] }
 */
export function conversionFactor(from: string, to: string): UnitResult<readonly [number, number]> {
  const a = normalizeUnit(from);
  if (!a.ok) return a;
  const b = normalizeUnit(to);
  if (!b.ok) return b;
  if (a.value === b.value) return { ok: true, value: [1, 1] };
  const da = defs.get(a.value);
  const db = defs.get(b.value);
  if (da === undefined || db === undefined || da.dimension !== db.dimension) {
    const dimA = unitDimension(a.value);
    const dimB = unitDimension(b.value);
    return {
      ok: false,
      reason: `unit '${a.value}' (${dimA}) cannot be converted to '${b.value}' (${dimB})`,
    };
  }
  return { ok: true, value: reduce(da.mul * db.div, da.div * db.mul) };
}

function reduce(mul: number, div: number): readonly [number, number] {
  let a = mul;
  let b = div;
  while (b !== 0) [a, b] = [b, a % b];
  return [mul / a, div / a];
}

/**
 * The unit a sample of `metric` is stored in, and the factor from the unit it was sent in:
 * known metrics convert to their canonical unit (an empty unit means "already canonical");
 * custom metrics keep their own (normalised) unit.
 *
 * @example storageUnit('memory_gib', 'MiB') // { ok: true, value: { unit: 'GiB', mul: 1, div: 1024 } }
 */
export function storageUnit(
  metric: string,
  sentUnit: string,
): UnitResult<{ readonly unit: string; readonly mul: number; readonly div: number }> {
  if (!isKnownMetric(metric)) {
    const unit = normalizeUnit(sentUnit);
    return unit.ok ? { ok: true, value: { unit: unit.value, mul: 1, div: 1 } } : unit;
  }
  const canonical = knownMetricUnits[metric];
  if (sentUnit.trim() === '') return { ok: true, value: { unit: canonical, mul: 1, div: 1 } };
  const factor = conversionFactor(sentUnit, canonical);
  if (!factor.ok) return { ok: false, reason: `${factor.reason}, which ${metric} is measured in` };
  const [mul, div] = factor.value;
  return { ok: true, value: { unit: canonical, mul, div } };
}

function truncate(text: string): string {
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}
