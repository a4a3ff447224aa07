/** Demand and capacity models for the plan tests: an election day on top of office hours. */
import type { CapacityModel } from './capacity-model.ts';
import type { DemandForecast } from './demand.ts';

export const HOUR = 3_600_000;

export const testModel: CapacityModel = {
  driverMetric: 'requests_per_second',
  perVcpu: 50,
  targetUtilisation: 0.7,
  minInstances: 2,
  maxInstances: 40,
  leadTimeMs: 2 * HOUR,
  scaleDownDelayMs: 3 * HOUR,
  minStepMs: 4 * HOUR,
  quantile: 0.95,
};

/**
 * Four weeks from Monday 2027-09-13 (UTC); Bundestagswahl-like peak on Sunday 2027-09-26 08–18 UTC.
 *
 * @example
 * electionDemand(1).planning.length; // 168
 */
export function electionDemand(weeks = 4, peakFactor = 6): DemandForecast {
  const start = Date.UTC(2027, 8, 13);
  const eventDay = 13;
  const planning = Array.from({ length: 24 * 7 * weeks }, (_, i) => {
    const hour = i % 24;
    const base = hour >= 7 && hour < 19 ? 200 : 50;
    const day = Math.floor(i / 24);
    return day === eventDay && hour >= 8 && hour < 18 ? base * peakFactor : base;
  });
  return {
    start,
    stepMs: HOUR,
    p50: planning.map((v) => v * 0.7),
    planning,
    quantile: 0.95,
    events: [
      {
        name: 'Bundestagswahl',
        start: start + eventDay * 24 * HOUR,
        end: start + (eventDay + 1) * 24 * HOUR,
      },
    ],
  };
}
