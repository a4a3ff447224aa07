export interface BackoffOptions {
  /** Delay before the first retry (default 30 s). */
  readonly baseMs?: number;
  readonly factor?: number;
  /** Longest delay (default 1 h). */
  readonly maxMs?: number;
  /** Retries after the first attempt (default 8); after that the delivery is given up. */
  readonly retries?: number;
  /** A random source in [0, 1) for jitter; without it the schedule is exact. */
  readonly random?: () => number;
}

/**
 * Delays in milliseconds before each retry of a failed delivery: exponential, capped, with
 * optional jitter in the upper half of each delay so that many receivers do not retry at once.
 *
 * @example
 * backoffSchedule(); // [30000, 60000, 120000, 240000, 480000, 960000, 1920000, 3600000]
 */
export function backoffSchedule(options: BackoffOptions = {}): number[] {
  const { baseMs = 30_000, factor = 2, maxMs = 3_600_000, retries = 8, random } = options;
  return Array.from({ length: retries }, (_, attempt) => {
    const delay = Math.min(maxMs, baseMs * factor ** attempt);
    return random ? Math.round(delay / 2 + (delay / 2) * random()) : delay;
  });
}
