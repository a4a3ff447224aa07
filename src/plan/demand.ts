/**
 * The demand a plan is built on: the forecaster's P50 and planning-quantile series of the driver
 * metric, on a regular UTC grid, with the known events that shape them.
 */
import { bandLabel } from '../domain/band-label.ts';
import { DomainError, type FieldError } from '../domain/errors.ts';

export interface DemandEvent {
  readonly name: string;
  /** Epoch ms UTC, inclusive. */
  readonly start: number;
  /** Epoch ms UTC, exclusive. */
  readonly end: number;
}

export interface DemandForecast {
  /** Epoch ms UTC of the first step. */
  readonly start: number;
  readonly stepMs: number;
  readonly p50: readonly number[];
  /** The planning quantile (by default the upper end of the 95 % band) of the driver metric, same length as `p50`. */
  readonly planning: readonly number[];
  /** The quantile `planning` stands for, e.g. 0.975 (the upper end of the 95 % band). */
  readonly quantile: number;
  readonly events?: readonly DemandEvent[];
}

/**
 * Checks a demand forecast; every problem gets a JSON pointer.
 *
 * @example
 * validateDemand({ start: 0, stepMs: 3_600_000, p50: [1], planning: [2], quantile: 0.95 }); // returns it
 */
export function validateDemand(demand: DemandForecast): DemandForecast {
  const errors: FieldError[] = [];
  const add = (pointer: string, detail: string) => errors.push({ pointer, detail });
  if (!Number.isSafeInteger(demand.start)) add('/start', 'start must be epoch milliseconds (an integer)');
  if (!Number.isSafeInteger(demand.stepMs) || demand.stepMs <= 0)
    add('/stepMs', 'stepMs must be a positive integer');
  if (!(demand.quantile > 0 && demand.quantile < 1)) add('/quantile', 'quantile must lie between 0 and 1');
  if (demand.p50.length !== demand.planning.length) {
    add('/planning', `planning has ${demand.planning.length} values, p50 has ${demand.p50.length}`);
  }
  for (const key of ['p50', 'planning'] as const) {
    const index = demand[key].findIndex((value) => !Number.isFinite(value) || value < 0);
    if (index >= 0)
      add(`/${key}/${index}`, `${key} values must be finite and not negative (a gap must be filled first)`);
  }
  (demand.events ?? []).forEach((event, index) => {
    if (!event.name) add(`/events/${index}/name`, 'an event needs a name');
    if (!(event.start < event.end)) add(`/events/${index}/end`, 'an event must end after it starts');
  });
  if (errors.length > 0) throw new DomainError('validation', 'demand forecast is invalid', errors);
  return demand;
}

/**
 * How the planning quantile is named in reasons and reports: by the band whose upper end it is, as
 * the forecast widgets name it ("95 % band" for 0.975); the mean stays "P50".
 *
 * @example
 * quantileLabel(0.975); // "95 % band"
 */
export function quantileLabel(quantile: number): string {
  return quantile === 0.5 ? 'P50' : bandLabel(quantile);
}

const DAY_MS = 86_400_000;
const dayText = new Map<number, string>();

/**
 * An instant as ISO time to the minute, e.g. "2027-09-26T08:00Z". Reasons name times hundreds of
 * times per plan: dates are built once per day, the time by hand.
 */
export function isoMinute(t: number): string {
  const day = Math.floor(t / DAY_MS);
  let date = dayText.get(day);
  if (date === undefined) {
    if (dayText.size > 50_000) dayText.clear();
    date = new Date(day * DAY_MS).toISOString().slice(0, 10);
    dayText.set(day, date);
  }
  const minutes = Math.floor((t - day * DAY_MS) / 60_000);
  const hh = Math.floor(minutes / 60);
  const mm = minutes % 60;
  return `${date}T${hh < 10 ? '0' : ''}${hh}:${mm < 10 ? '0' : ''}${mm}Z`;
}

/**
 * ISO time of step `index`, to the minute, e.g. "2027-09-26T08:00Z".
 *
 * @example
 * stepTime({ start: Date.UTC(2027, 8, 26), stepMs: 3_600_000 }, 8); // "2027-09-26T08:00Z"
 */
export function stepTime(demand: Pick<DemandForecast, 'start' | 'stepMs'>, index: number): string {
  return isoMinute(demand.start + index * demand.stepMs);
}

/** Where a plan's demand came from: the forecast of one metric, as the stored plan records it. */
export interface ForecastNote {
  readonly metric: string;
  readonly seriesId: string;
  readonly model: string;
  readonly explanation: string;
  readonly historyFrom: string;
  readonly historyHours: number;
  readonly band: string;
  readonly backtest: unknown;
}
