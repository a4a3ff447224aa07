import { parseDuration } from '../domain/duration.ts';
import { DomainError, type FieldError } from '../domain/errors.ts';

const HOUR_MS = 3_600_000;
const MIN_HORIZON_MS = HOUR_MS;
const MAX_HORIZON_MS = 366 * 24 * HOUR_MS;
const MAX_LEVELS = 6;
export const DEFAULT_HORIZON = 'P14D';
export const DEFAULT_LEVELS: readonly number[] = [80, 95, 99];

/** A forecast request on a stored (hourly) series, validated. */
export interface ForecastOptions {
  /** The horizon as asked for, e.g. 'P14D', and in milliseconds. */
  readonly horizon: string;
  readonly horizonMs: number;
  /** Hourly steps to forecast (the horizon rounded up to whole hours). */
  readonly steps: number;
  /** Distinct levels in percent, ascending. */
  readonly levels: readonly number[];
  /** The levels as the cache stores them, e.g. '80,95,99'. */
  readonly levelsKey: string;
}

/**
 * Validates a forecast request: `horizon` an ISO-8601 duration from PT1H to P366D, `levels`
 * percentages from 50 to 99.9 (a comma-separated text as in a query, or an array as in a body).
 * Errors carry JSON pointers under `pointerPrefix` ('/query' for query parameters, '' for a body).
 *
 * @example
 * forecastOptions({ horizon: 'P14D', levels: '80,95' }, '/query');
 * // { horizon: 'P14D', horizonMs: 1_209_600_000, steps: 336, levels: [80, 95], levelsKey: '80,95' }
 */
export function forecastOptions(
  input: { horizon?: string | undefined; levels?: string | readonly number[] | undefined },
  pointerPrefix: string,
): ForecastOptions {
  const errors: FieldError[] = [];
  const horizon = (input.horizon ?? DEFAULT_HORIZON).trim();
  const horizonMs = /^P/.test(horizon) ? parseDuration(horizon) : undefined;
  if (horizonMs === undefined) {
    errors.push({
      pointer: `${pointerPrefix}/horizon`,
      detail: `horizon ${JSON.stringify(horizon)} is no ISO-8601 duration such as P14D, PT12H or P2W`,
    });
  } else if (horizonMs < MIN_HORIZON_MS || horizonMs > MAX_HORIZON_MS) {
    errors.push({ pointer: `${pointerPrefix}/horizon`, detail: 'horizon must be from PT1H to P366D' });
  }
  const levels = parseLevels(input.levels, `${pointerPrefix}/levels`, errors);
  if (errors.length > 0 || horizonMs === undefined) {
    const first = errors[0] as FieldError;
    throw new DomainError('validation', `${first.detail} (${first.pointer})`, errors);
  }
  const sorted = [...new Set(levels)].sort((a, b) => a - b);
  return {
    horizon,
    horizonMs,
    steps: Math.ceil(horizonMs / HOUR_MS),
    levels: sorted,
    levelsKey: sorted.join(','),
  };
}

function parseLevels(
  raw: string | readonly number[] | undefined,
  pointer: string,
  errors: FieldError[],
): number[] {
  if (raw === undefined) return [...DEFAULT_LEVELS];
  const items: unknown[] = typeof raw === 'string' ? raw.split(',').map((part) => part.trim()) : [...raw];
  if (items.length === 0 || (items.length === 1 && items[0] === '')) {
    errors.push({ pointer, detail: 'levels must name at least one level, e.g. 80,95' });
    return [];
  }
  if (items.length > MAX_LEVELS) {
    errors.push({ pointer, detail: `at most ${MAX_LEVELS} levels` });
    return [];
  }
  const levels: number[] = [];
  items.forEach((item, index) => {
    const value =
      typeof item === 'number'
        ? item
        : typeof item === 'string' && /^\d+(\.\d+)?$/.test(item)
          ? Number(item)
          : NaN;
    if (!(Number.isFinite(value) && value >= 50 && value <= 99.9)) {
      errors.push({
        pointer: typeof raw === 'string' ? pointer : `${pointer}/${index}`,
        detail: `level ${JSON.stringify(item)} must be a percentage from 50 to 99.9`,
      });
    } else {
      levels.push(value);
    }
  });
  return levels;
}
