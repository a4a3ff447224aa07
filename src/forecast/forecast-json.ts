import { DomainError, type FieldError } from '../domain/errors.ts';
import { isTimeZone } from '../domain/zone-offset.ts';
import { forecast } from './forecast.ts';

/** The CLI contract output: `mean`, one `lowerNN`/`upperNN` pair per level, and `elapsed_ms`. */
export type ForecastJson = { mean: number[]; elapsed_ms: number } & Record<string, number[] | number>;

const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]00:?00)$/;
const MAX_HORIZON = 200_000;
const MAX_POINTS = 5_000_000;
const SINGLE_POINT_STEP_MS = 3_600_000;
/** Where daily and weekly profiles are learned when the input names no `timeZone`. */
export const DEFAULT_TIME_ZONE = 'Europe/Berlin';

/**
 * The `npx lastplan forecast --stdin-json` contract, which scripts rely on. Input:
 * `{"timestamps":[ISO-8601 UTC...], "values":[...], "horizon": H, "levels":[80,95]}` on a regular
 * grid without gaps (`levels` defaults to [80, 95]; an optional `timeZone`, default
 * 'Europe/Berlin', sets where daily and weekly profiles are learned). A single point has no grid:
 * it is taken as hourly. The forecast stays on the input grid for any horizon.
 * Invalid input throws `DomainError('validation', ...)` with one JSON pointer per problem.
 *
 * @example
 * forecastJson({ timestamps: ['2026-01-01T00:00:00Z', '2026-01-01T01:00:00Z'], values: [3, 4], horizon: 2, levels: [80] });
 * // { mean: [..2], lower80: [..2], upper80: [..2], elapsed_ms: 0.4 }
 */
export function forecastJson(input: unknown, now: () => number = () => performance.now()): ForecastJson {
  const began = now();
  const errors: FieldError[] = [];
  const problem = (pointer: string, detail: string): void => {
    if (errors.length < 20) errors.push({ pointer, detail });
  };
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new DomainError('validation', 'input must be a JSON object with timestamps, values and horizon', [
      { pointer: '', detail: 'expected a JSON object' },
    ]);
  }
  const body = input as Record<string, unknown>;
  const { timestamps, values, horizon } = body;
  const levels = body.levels ?? [80, 95];
  const times: number[] = [];
  if (!Array.isArray(timestamps) || timestamps.length === 0) {
    problem('/timestamps', 'timestamps must be a non-empty array of ISO-8601 UTC strings');
  } else if (timestamps.length > MAX_POINTS) {
    problem('/timestamps', `at most ${MAX_POINTS} points are accepted`);
  } else {
    timestamps.forEach((ts, i) => {
      const t = typeof ts === 'string' && ISO_UTC.test(ts) ? Date.parse(ts) : Number.NaN;
      if (Number.isNaN(t))
        problem(
          `/timestamps/${i}`,
          `timestamps[${i}] is not an ISO-8601 UTC timestamp like 2026-01-01T00:00:00Z`,
        );
      times.push(t);
    });
  }
  if (!Array.isArray(values)) {
    problem('/values', 'values must be an array of finite numbers');
  } else {
    if (Array.isArray(timestamps) && values.length !== timestamps.length) {
      problem('/values', `values has ${values.length} entries but timestamps has ${timestamps.length}`);
    }
    values.forEach((v, i) => {
      if (typeof v !== 'number' || !Number.isFinite(v)) {
        problem(`/values/${i}`, `values[${i}] must be a finite number (gaps are not allowed)`);
      }
    });
  }
  if (typeof horizon !== 'number' || !Number.isInteger(horizon) || horizon < 1 || horizon > MAX_HORIZON) {
    problem('/horizon', `horizon must be an integer from 1 to ${MAX_HORIZON} (steps of the input grid)`);
  }
  if (!Array.isArray(levels) || levels.length === 0) {
    problem('/levels', 'levels must be a non-empty array of percentages, e.g. [80, 95]');
  } else {
    levels.forEach((l, i) => {
      if (typeof l !== 'number' || !(l > 0 && l < 100))
        problem(`/levels/${i}`, `levels[${i}] must be a number between 0 and 100`);
      else if (levels.indexOf(l) !== i) problem(`/levels/${i}`, `level ${l} is listed twice`);
    });
  }
  if (body.timeZone !== undefined && (typeof body.timeZone !== 'string' || !isTimeZone(body.timeZone))) {
    problem('/timeZone', 'timeZone must be an IANA time zone such as Europe/Berlin');
  }
  let stepMs = SINGLE_POINT_STEP_MS;
  if (errors.length === 0 && times.length > 1) {
    stepMs = (times[1] as number) - (times[0] as number);
    if (stepMs <= 0) problem('/timestamps/1', 'timestamps must be strictly increasing');
    else {
      for (let i = 2; i < times.length; i++) {
        if ((times[i] as number) - (times[i - 1] as number) !== stepMs) {
          problem(
            `/timestamps/${i}`,
            `timestamps must form a regular grid of ${stepMs} ms; timestamps[${i}] breaks it`,
          );
          break;
        }
      }
    }
  }
  if (errors.length > 0) {
    const first = (errors[0] as FieldError).detail;
    const more =
      errors.length > 1 ? ` (and ${errors.length - 1} more problem${errors.length > 2 ? 's' : ''})` : '';
    throw new DomainError('validation', `${first}${more}`, errors);
  }
  const wanted = levels as number[];
  const result = forecast({
    start: times[0] as number,
    stepMs,
    values: values as number[],
    horizon: horizon as number,
    levels: wanted,
    timeZone: (body.timeZone as string | undefined) ?? DEFAULT_TIME_ZONE,
    resolution: 'native',
  });
  const out: ForecastJson = { mean: result.mean, elapsed_ms: 0 };
  for (const level of wanted) {
    const band = result.bands.find((b) => b.level === level);
    out[`lower${level}`] = band?.lower ?? result.mean;
    out[`upper${level}`] = band?.upper ?? result.mean;
  }
  const { elapsed_ms: _, ...rest } = out;
  return { ...rest, elapsed_ms: Math.round((now() - began) * 100) / 100 } as ForecastJson;
}
