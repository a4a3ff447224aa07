/**
 * Resource series given to a plan: a constant, one series, or a P50/planning pair from their own
 * forecasts. All are expanded to the demand's length, or rejected with a pointer.
 */
import { DomainError } from '../domain/errors.ts';

export interface SeriesPair {
  readonly p50: number | readonly number[];
  readonly planning: number | readonly number[];
}

export type SeriesInput = number | readonly number[] | SeriesPair;

function isPair(input: SeriesInput): input is SeriesPair {
  return typeof input === 'object' && !Array.isArray(input) && 'p50' in input;
}

function expandOne(input: number | readonly number[], length: number, pointer: string): readonly number[] {
  if (typeof input === 'number') {
    if (!(Number.isFinite(input) && input >= 0)) throw invalidSeries(pointer, 'must be a finite number ≥ 0');
    return new Array<number>(length).fill(input);
  }
  if (input.length !== length)
    throw invalidSeries(pointer, `has ${input.length} values, the demand has ${length}`);
  const bad = input.findIndex((v) => !(Number.isFinite(v) && v >= 0));
  if (bad >= 0) throw invalidSeries(`${pointer}/${bad}`, 'must be a finite number ≥ 0');
  return input;
}

function invalidSeries(pointer: string, detail: string): DomainError {
  return new DomainError('validation', `${pointer} ${detail}`, [{ pointer, detail }]);
}

/**
 * @example
 * expandSeries(100, 3, '/resources/blockGib'); // { p50: [100, 100, 100], planning: [100, 100, 100] }
 */
export function expandSeries(
  input: SeriesInput | undefined,
  length: number,
  pointer: string,
): { p50: readonly number[]; planning: readonly number[] } | undefined {
  if (input === undefined) return undefined;
  if (isPair(input)) {
    return {
      p50: expandOne(input.p50, length, `${pointer}/p50`),
      planning: expandOne(input.planning, length, `${pointer}/planning`),
    };
  }
  const series = expandOne(input, length, pointer);
  return { p50: series, planning: series };
}

/**
 * The element-wise maximum, and how many steps needed it (a quantile crossing below P50).
 *
 * @example
 * atLeast([5, 1], [2, 3]); // { series: [5, 3], crossings: 1 }
 */
export function atLeast(
  series: readonly number[],
  floor: readonly number[],
): { series: number[]; crossings: number } {
  let crossings = 0;
  const out = series.map((value, i) => {
    const low = floor[i] ?? 0;
    if (value < low) {
      crossings++;
      return low;
    }
    return value;
  });
  return { series: out, crossings };
}
