/**
 * The reason of a schedule step in words, for the person who signs the plan: which peak (value,
 * time, quantile), which event, and why the step starts or ends where it does.
 */
import { type DemandEvent, stepTime } from './demand.ts';
import type { PlanningWindows } from './planned-counts.ts';
import type { Shortfall } from './required-instances.ts';

export interface ReasonContext {
  readonly start: number;
  readonly stepMs: number;
  readonly series: readonly number[];
  readonly need: Int32Array;
  readonly label: string;
  readonly metric: string;
  readonly instanceType: string;
  readonly capacity: number;
  readonly targetUtilisation: number;
  readonly minInstances: number;
  readonly maxInstances: number;
  readonly windows: PlanningWindows;
  readonly events: readonly DemandEvent[];
  readonly shortfall: readonly Shortfall[];
}

/**
 * "812", "42.5": enough digits to recognise the figure, no false precision.
 *
 * @example
 * formatAmount(812.4); // "812"
 * formatAmount(42.46); // "42.5"
 */
export function formatAmount(value: number): string {
  return String(value >= 100 ? Math.round(value) : Math.round(value * 10) / 10);
}

/**
 * "3 h", "2 d", "90 min".
 *
 * @example
 * formatDuration(7_200_000); // "2 h"
 */
export function formatDuration(ms: number): string {
  if (ms % 86_400_000 === 0 && ms >= 86_400_000) return `${ms / 86_400_000} d`;
  if (ms % 3_600_000 === 0) return `${ms / 3_600_000} h`;
  return `${Math.round(ms / 60_000)} min`;
}

function eventAt(ctx: ReasonContext, index: number): string {
  const t = ctx.start + index * ctx.stepMs;
  let names = '';
  for (const event of ctx.events) {
    if (event.start <= t && t < event.end) names += `${names ? ' and ' : ''}“${event.name}”`;
  }
  return names ? ` during ${names}` : '';
}

function demandText(ctx: ReasonContext, index: number, peak: number): string {
  const what = index === peak ? 'peak' : 'demand';
  const amount = formatAmount(ctx.series[index] ?? 0);
  return `the ${ctx.label} ${what} of ${amount} ${ctx.metric} at ${stepTime(ctx, index)}${eventAt(ctx, index)}`;
}

/**
 * @example
 * stepReason(ctx, 100, 130, 3, 6);
 * // "Scale up from 3 to 6 × CX33 to carry the 95 % band peak of 812 requests_per_second at
 * //  2027-09-26T16:00Z during “Bundestagswahl”, 2 h before the need (lead time) …"
 */
export function stepReason(
  ctx: ReasonContext,
  from: number,
  to: number,
  previous: number | undefined,
  count: number,
): string {
  const { need, series } = ctx;
  let peak = from;
  for (let i = from; i < to; i++)
    if (need[i]! > need[peak]! || (need[i] === need[peak] && series[i]! > series[peak]!)) peak = i;
  const head =
    previous === undefined
      ? `Start with ${count} × ${ctx.instanceType}`
      : `Scale ${count > previous ? 'up' : 'down'} from ${previous} to ${count} × ${ctx.instanceType}`;
  const parts: string[] = [];
  if (need[peak] === count) {
    const byLoad = Math.ceil((series[peak] ?? 0) / (ctx.capacity * ctx.targetUtilisation));
    if (count === ctx.minInstances && byLoad <= ctx.minInstances) {
      parts.push(
        `the minimum of ${ctx.minInstances} instance${ctx.minInstances === 1 ? '' : 's'} covers ${demandText(ctx, peak, peak)}`,
      );
    } else {
      parts.push(
        `to carry ${demandText(ctx, peak, peak)} at ${Math.round(ctx.targetUtilisation * 100)} % utilisation (${formatAmount(ctx.capacity)} per instance)`,
      );
    }
    let firstNeed = from;
    while (firstNeed < to && need[firstNeed]! < count) firstNeed++;
    if (previous !== undefined && count > previous && firstNeed > from) {
      const early = formatDuration((firstNeed - from) * ctx.stepMs);
      const lead = formatDuration(ctx.windows.lead * ctx.stepMs);
      const grid =
        firstNeed - from > ctx.windows.lead
          ? `, aligned to the ${formatDuration(ctx.windows.minStep * ctx.stepMs)} minimum step`
          : '';
      parts.push(
        `starting ${early} before the need at ${stepTime(ctx, firstNeed)} (${lead} lead time${grid})`,
      );
    }
  } else {
    const lookAhead = Math.min(need.length, to + ctx.windows.lead + ctx.windows.minStep);
    let ahead = -1;
    for (let i = to; i < lookAhead; i++)
      if (need[i]! >= count) {
        ahead = i;
        break;
      }
    let behind = -1;
    for (let i = from - 1; i >= Math.max(0, from - ctx.windows.delay - ctx.windows.minStep); i--)
      if (need[i]! >= count) {
        behind = i;
        break;
      }
    if (behind >= 0 && (previous === undefined || count < previous || ahead < 0)) {
      parts.push(`held for the scale-down delay after ${demandText(ctx, behind, peak)}`);
    } else if (ahead >= 0) {
      parts.push(`provisioned ahead of ${demandText(ctx, ahead, peak)} (lead time)`);
    } else {
      parts.push(
        `raised so that no step is shorter than ${formatDuration(ctx.windows.minStep * ctx.stepMs)}`,
      );
    }
  }
  if (previous !== undefined && count < previous && ctx.windows.delay > 0) {
    parts.push(`after the ${formatDuration(ctx.windows.delay * ctx.stepMs)} scale-down delay`);
  }
  const short =
    ctx.shortfall.length === 0 ? ctx.shortfall : ctx.shortfall.filter((s) => s.index >= from && s.index < to);
  if (short.length > 0) {
    const worst = short.reduce((a, b) => (b.needed > a.needed ? b : a));
    parts.push(
      `WARNING: capped at the maximum of ${ctx.maxInstances}; ${worst.needed} would be needed at ${stepTime(ctx, worst.index)}`,
    );
  }
  const [first = '', ...rest] = parts;
  return `${head}${first.startsWith('to ') ? ' ' : ': '}${[first, ...rest].join(', ')}.`;
}
