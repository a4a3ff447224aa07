import type { Selection } from './model-selection.ts';

/**
 * The seasonal naive the band floor compares with: one week back where the model has a weekly
 * profile (one day back would count every Monday's jump from Sunday as an error), else one day.
 *
 * @example
 * naiveLag(selection); // 168 on an hourly series with a weekly profile
 */
export function naiveLag(sel: Selection): number {
  const perDay = sel.design.slotsPerDay;
  return sel.params.useWeek || perDay === 1 ? 7 * perDay : perDay;
}
