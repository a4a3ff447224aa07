/**
 * The one validator every receiver goes through. It is split in two so that formats which send
 * many points per series (JSON, OTLP, remote write) check names, unit and labels once per series
 * and only the timestamp and value per point; `validateSample` composes both for row formats.
 */
import { clip, describe, parseDecimal, parseTimestamp } from './parse-timestamp.ts';
import type { Rejection, SampleInput, SeriesKind } from './sample.ts';
import { storageUnit } from './units.ts';

/** 2000-01-01T00:00:00Z: older samples are almost always a unit mistake (seconds sent as ms). */
export const MIN_TIMESTAMP_MS = Date.UTC(2000, 0, 1);
/** How far past `now` a timestamp may lie (clock skew between senders and us). */
export const MAX_FUTURE_MS = 3_600_000;
export const MAX_SERVICE_LENGTH = 128;
/** OpenTelemetry's limit for instrument names. */
export const MAX_METRIC_LENGTH = 255;
export const MAX_LABELS = 32;
export const MAX_LABEL_KEY_LENGTH = 128;
export const MAX_LABEL_VALUE_LENGTH = 512;

/** Which part of a sample a problem is about, so decoders can point at it. */
export type SampleField = 'service' | 'metric' | 'unit' | 'kind' | 'labels' | 'ts' | 'value';

export interface SampleProblem {
  readonly field: SampleField;
  readonly reason: string;
  /** The offending label key, when `field` is `labels`. */
  readonly key?: string;
}

/** Series-level fields as they arrived; types are checked here, not by each decoder. */
export interface SeriesCandidate {
  readonly service: unknown;
  readonly metric: unknown;
  readonly unit?: unknown;
  readonly kind?: unknown;
  readonly labels?: unknown;
}

/** A validated series; values sent in its unit are multiplied by `mul / div` into `unit`. */
export interface ValidSeries {
  readonly service: string;
  readonly metric: string;
  readonly unit: string;
  readonly kind: SeriesKind;
  readonly labels: Readonly<Record<string, string>>;
  readonly mul: number;
  readonly div: number;
}

// Letters and digits of any script (services are named in German: "Bürgerbüro"), and a few separators.
const servicePattern = /^[\p{L}\p{N}](?:[\p{L}\p{N} _.:/()-]*[\p{L}\p{N}_.)-])?$/u;
// The union of Prometheus ([a-zA-Z_:][a-zA-Z0-9_:]*) and OpenTelemetry instrument names (dots, slashes).
const metricPattern = /^[A-Za-z_:][A-Za-z0-9_.:/-]*$/;
const labelKeyPattern = /^[A-Za-z_][A-Za-z0-9_.:/-]*$/;

/**
 * True for a problem, false for a validated value.
 *
 * @example isProblem(validateSeries({ service: '', metric: 'm' })) // true
 */
export function isProblem(value: object): value is SampleProblem {
  return 'reason' in value && 'field' in value;
}

/**
 * Checks names, unit, kind and labels of a series; the unit becomes the storage unit (known
 * metrics convert to their canonical unit). A missing unit means "no unit" (or canonical for a
 * known metric), a missing kind means gauge.
 *
 * @example validateSeries({ service: 'kfz', metric: 'memory_gib', unit: 'MiB' }) // { ..., unit: 'GiB', div: 1024 }
 */
export function validateSeries(candidate: SeriesCandidate): ValidSeries | SampleProblem {
  const service = checkName('service', candidate.service, servicePattern, MAX_SERVICE_LENGTH);
  if (typeof service !== 'string') return service;
  const metric = checkName('metric', candidate.metric, metricPattern, MAX_METRIC_LENGTH);
  if (typeof metric !== 'string') return metric;
  const rawUnit = candidate.unit ?? '';
  if (typeof rawUnit !== 'string')
    return { field: 'unit', reason: `unit must be a string, got ${describe(rawUnit)}` };
  const unit = storageUnit(metric, rawUnit);
  if (!unit.ok) return { field: 'unit', reason: unit.reason };
  const kind = candidate.kind ?? 'gauge';
  if (kind !== 'gauge' && kind !== 'counter' && kind !== 'delta') {
    return { field: 'kind', reason: `kind must be 'gauge', 'counter' or 'delta', got ${describe(kind)}` };
  }
  const labels = checkLabels(candidate.labels ?? {});
  if (labels.problem !== undefined) return labels.problem;
  return {
    service,
    metric,
    unit: unit.value.unit,
    kind,
    labels: labels.labels,
    mul: unit.value.mul,
    div: unit.value.div,
  };
}

/**
 * Checks one point of a validated series: a finite value (numbers, or decimal strings), not
 * negative for counters and deltas, a timestamp between 2000-01-01 and `now` + 1 h.
 *
 * @example validatePoint(series, '2026-11-23T10:00:00Z', 12.5, Date.now())
 */
export function validatePoint(
  series: ValidSeries,
  ts: unknown,
  value: unknown,
  now: number,
): SampleInput | SampleProblem {
  const time = parseTimestamp(ts);
  if (!time.ok) return { field: 'ts', reason: time.reason };
  if (time.value < MIN_TIMESTAMP_MS) {
    const hint = time.value >= 9e8 && time.value < 1e10 ? ' (epoch seconds? send milliseconds)' : '';
    return { field: 'ts', reason: `timestamp ${iso(time.value)} is before 2000-01-01${hint}` };
  }
  if (time.value > now + MAX_FUTURE_MS) {
    return { field: 'ts', reason: `timestamp ${iso(time.value)} is more than 1 h after now (${iso(now)})` };
  }
  let number: number;
  if (typeof value === 'number') number = value;
  else if (typeof value === 'string') {
    const parsed = parseDecimal(value);
    if (!parsed.ok) return { field: 'value', reason: parsed.reason };
    number = parsed.value;
  } else return { field: 'value', reason: `value must be a number, got ${describe(value)}` };
  if (!Number.isFinite(number)) return { field: 'value', reason: `value ${number} is not finite` };
  if (number < 0 && series.kind !== 'gauge') {
    return { field: 'value', reason: `${series.kind} value ${number} is negative` };
  }
  if (series.mul !== series.div) number = (number * series.mul) / series.div;
  return {
    service: series.service,
    metric: series.metric,
    unit: series.unit,
    kind: series.kind,
    labels: series.labels,
    ts: time.value,
    value: number,
  };
}

/** Where a sample came from, to turn a problem into a `Rejection`. */
export interface SampleOrigin {
  readonly index: number;
  readonly line?: number;
  /** JSON pointer per field; a field without one falls back to `pointer`. */
  readonly pointers?: Partial<Record<SampleField, string>>;
  readonly pointer?: string;
}

/**
 * Validates one complete sample and returns it, or a `Rejection` located by `origin`.
 *
 * @example validateSample({ service: 'kfz', metric: 'cpu_cores', ts: 1795420800000, value: 2 }, now, { index: 0 })
 */
export function validateSample(
  candidate: SeriesCandidate & { readonly ts: unknown; readonly value: unknown },
  now: number,
  origin: SampleOrigin,
): SampleInput | Rejection {
  const series = validateSeries(candidate);
  const result = isProblem(series) ? series : validatePoint(series, candidate.ts, candidate.value, now);
  return isProblem(result) ? toRejection(result, origin) : result;
}

/**
 * Turns a problem into a rejection; the reason names the field when the pointer cannot.
 *
 * @example toRejection({ field: 'value', reason: 'value NaN is not finite' }, { index: 3, line: 5 })
 */
export function toRejection(problem: SampleProblem, origin: SampleOrigin, count?: number): Rejection {
  const pointer = origin.pointers?.[problem.field] ?? origin.pointer;
  const rejection: Rejection = { index: origin.index, reason: problem.reason };
  if (origin.line !== undefined) rejection.line = origin.line;
  if (pointer !== undefined) {
    rejection.pointer =
      problem.field === 'labels' && problem.key !== undefined && origin.pointers?.labels !== undefined
        ? `${pointer}/${escapePointer(problem.key)}`
        : pointer;
  }
  if (count !== undefined && count !== 1) rejection.count = count;
  return rejection;
}

/**
 * Escapes one JSON pointer reference token (RFC 6901).
 *
 * @example escapePointer('a/b~c') // 'a~1b~0c'
 */
export function escapePointer(token: string): string {
  return token.replaceAll('~', '~0').replaceAll('/', '~1');
}

function checkName(
  field: 'service' | 'metric',
  raw: unknown,
  pattern: RegExp,
  max: number,
): string | SampleProblem {
  if (typeof raw !== 'string') return { field, reason: `${field} must be a string, got ${describe(raw)}` };
  if (raw === '') return { field, reason: `${field} is empty` };
  if (raw.length > max) return { field, reason: `${field} is longer than ${max} characters` };
  if (!pattern.test(raw)) {
    return { field, reason: `${field} '${clip(raw)}' has characters outside ${allowed[field]}` };
  }
  return raw;
}

const allowed = {
  service: 'letters, digits, space and _ . : / ( ) - (not at the ends)',
  metric: 'A-Z a-z 0-9 _ . : / - (not starting with a digit)',
};

type LabelCheck =
  | { readonly labels: Readonly<Record<string, string>>; readonly problem?: undefined }
  | { readonly problem: SampleProblem };

function checkLabels(raw: unknown): LabelCheck {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return {
      problem: { field: 'labels', reason: `labels must be an object of strings, got ${describe(raw)}` },
    };
  }
  const keys = Object.keys(raw);
  if (keys.length > MAX_LABELS) {
    return {
      problem: { field: 'labels', reason: `${keys.length} labels exceed the limit of ${MAX_LABELS}` },
    };
  }
  keys.sort();
  const entries: [string, string][] = [];
  for (const key of keys) {
    const value = (raw as Record<string, unknown>)[key];
    const problem = checkLabel(key, value);
    if (problem !== undefined) return { problem: { field: 'labels', reason: problem, key } };
    entries.push([key, value as string]);
  }
  return { labels: Object.freeze(Object.fromEntries(entries)) };
}

function checkLabel(key: string, value: unknown): string | undefined {
  if (key.length > MAX_LABEL_KEY_LENGTH)
    return `label key '${clip(key)}' is longer than ${MAX_LABEL_KEY_LENGTH}`;
  if (!labelKeyPattern.test(key))
    return `label key '${clip(key)}' has characters outside A-Z a-z 0-9 _ . : / -`;
  if (key.startsWith('__')) return `label key '${clip(key)}' starts with '__', which is reserved`;
  if (typeof value !== 'string') return `label '${clip(key)}' must be a string, got ${describe(value)}`;
  if (value === '') return `label '${clip(key)}' has an empty value`;
  if (value.length > MAX_LABEL_VALUE_LENGTH) {
    return `label '${clip(key)}' has a value longer than ${MAX_LABEL_VALUE_LENGTH} characters`;
  }
  return undefined;
}

function iso(ms: number): string {
  const date = new Date(ms);
  return Number.isNaN(date.getTime()) ? String(ms) : date.toISOString();
}
