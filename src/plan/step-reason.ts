/**
 * The reason of a schedule step in words, for the person who signs the plan: which peak (value,
 * time, quantile), which event, and why the step starts or ends where it does.
 */
import { type DemandEvent, isoMinute } from './demand.ts';
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

/** A demand figure a step refers to: its value, hour and the events running then. */
export interface StepDemand {
  /** The highest point of the step (else a demand just before or after it). */
  readonly peak: boolean;
  /** The quantile planned on, by its name in reasons: "95 % band" (its upper end) or "P50". */
  readonly label: string;
  readonly value: number;
  readonly metric: string;
  /** Epoch ms UTC. */
  readonly at: number;
  readonly events: readonly string[];
}

/**
 * Why a step has its count, as data: the UI words it in the reader's language and time zone,
 * `reasonText` words it in English for the API's `reason`, the CSV and the CLI.
 */
export interface StepWhy {
  readonly change: 'start' | 'up' | 'down';
  readonly previous?: number;
  readonly count: number;
  readonly instanceType: string;
  readonly cause:
    | { readonly kind: 'minimum'; readonly minInstances: number; readonly demand: StepDemand }
    | {
        readonly kind: 'carry';
        readonly demand: StepDemand;
        readonly utilisation: number;
        readonly perInstance: number;
      }
    | { readonly kind: 'hold'; readonly demand: StepDemand }
    | { readonly kind: 'ahead'; readonly demand: StepDemand }
    | { readonly kind: 'min-step'; readonly minStepMs: number };
  /** Started before the need: by how much, the hour of the need, the lead time and the grid. */
  readonly early?: {
    readonly byMs: number;
    readonly needAt: number;
    readonly leadMs: number;
    readonly gridMs?: number;
  };
  /** A step down waits this long after the last need (the scale-down delay). */
  readonly delayMs?: number;
  /** The maximum count is too few: how many would be needed, and when. */
  readonly capped?: { readonly max: number; readonly needed: number; readonly at: number };
}

const NO_EVENTS: readonly string[] = [];

/** `formatAmount` as a number, without the detour through a string. */
function roundAmount(value: number): number {
  return value >= 100 ? Math.round(value) : Math.round(value * 10) / 10;
}

function demandAt(ctx: ReasonContext, index: number, peak: number): StepDemand {
  const at = ctx.start + index * ctx.stepMs;
  // Most steps fall outside every event: no arrays for them (a year's plan has ~1,200 steps).
  let events = NO_EVENTS;
  for (const e of ctx.events) {
    if (e.start <= at && at < e.end) events = events === NO_EVENTS ? [e.name] : [...events, e.name];
  }
  return {
    peak: index === peak,
    label: ctx.label,
    value: roundAmount(ctx.series[index] ?? 0),
    metric: ctx.metric,
    at,
    events,
  };
}

function demandText(d: StepDemand): string {
  let events = '';
  for (const name of d.events) events += `${events ? ' and ' : ''}“${name}”`;
  return `the ${d.label} ${d.peak ? 'peak' : 'demand'} of ${formatAmount(d.value)} ${d.metric} at ${isoMinute(d.at)}${events ? ` during ${events}` : ''}`;
}

/**
 * Why a step has its count: which peak (value, time, quantile), which event, and why it starts
 * or ends where it does.
 *
 * @example
 * stepWhy(ctx, 100, 130, 3, 6).cause; // { kind: 'carry', demand: { value: 812, … }, … }
 */
export function stepWhy(
  ctx: ReasonContext,
  from: number,
  to: number,
  previous: number | undefined,
  count: number,
): StepWhy {
  const { need, series } = ctx;
  let peak = from;
  for (let i = from; i < to; i++)
    if (need[i]! > need[peak]! || (need[i] === need[peak] && series[i]! > series[peak]!)) peak = i;
  const change = previous === undefined ? 'start' : count > previous ? 'up' : 'down';
  let cause: StepWhy['cause'];
  let early: StepWhy['early'];
  if (need[peak] === count) {
    const byLoad = Math.ceil((series[peak] ?? 0) / (ctx.capacity * ctx.targetUtilisation));
    cause =
      count === ctx.minInstances && byLoad <= ctx.minInstances
        ? { kind: 'minimum', minInstances: ctx.minInstances, demand: demandAt(ctx, peak, peak) }
        : {
            kind: 'carry',
            demand: demandAt(ctx, peak, peak),
            utilisation: ctx.targetUtilisation,
            perInstance: roundAmount(ctx.capacity),
          };
    let firstNeed = from;
    while (firstNeed < to && need[firstNeed]! < count) firstNeed++;
    if (previous !== undefined && count > previous && firstNeed > from) {
      early = {
        byMs: (firstNeed - from) * ctx.stepMs,
        needAt: ctx.start + firstNeed * ctx.stepMs,
        leadMs: ctx.windows.lead * ctx.stepMs,
        ...(firstNeed - from > ctx.windows.lead ? { gridMs: ctx.windows.minStep * ctx.stepMs } : {}),
      };
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
      cause = { kind: 'hold', demand: demandAt(ctx, behind, peak) };
    } else if (ahead >= 0) {
      cause = { kind: 'ahead', demand: demandAt(ctx, ahead, peak) };
    } else {
      cause = { kind: 'min-step', minStepMs: ctx.windows.minStep * ctx.stepMs };
    }
  }
  const short =
    ctx.shortfall.length === 0 ? ctx.shortfall : ctx.shortfall.filter((s) => s.index >= from && s.index < to);
  const worst = short.length > 0 ? short.reduce((a, b) => (b.needed > a.needed ? b : a)) : undefined;
  // One object shape for every step (spreading optional parts in costs a plan of a year ~1 ms);
  // absent parts are undefined, which JSON leaves out like missing keys.
  return {
    change,
    previous,
    count,
    instanceType: ctx.instanceType,
    cause,
    early,
    delayMs:
      previous !== undefined && count < previous && ctx.windows.delay > 0
        ? ctx.windows.delay * ctx.stepMs
        : undefined,
    capped: worst
      ? { max: ctx.maxInstances, needed: worst.needed, at: ctx.start + worst.index * ctx.stepMs }
      : undefined,
  };
}

/**
 * The reason of a step in English words, for the API, the CSV and the command line.
 *
 * @example
 * reasonText(stepWhy(ctx, 100, 130, 3, 6));
 * // "Scale up from 3 to 6 × CX33 to carry the 95 % band peak of 812 requests_per_second at
 * //  2027-09-26T16:00Z during “Bundestagswahl”, 2 h before the need (lead time) …"
 */
export function reasonText(why: StepWhy): string {
  const head =
    why.change === 'start'
      ? `Start with ${why.count} × ${why.instanceType}`
      : `Scale ${why.change} from ${why.previous} to ${why.count} × ${why.instanceType}`;
  const c = why.cause;
  let text: string;
  if (c.kind === 'minimum') {
    text = `${head}: the minimum of ${c.minInstances} instance${c.minInstances === 1 ? '' : 's'} covers ${demandText(c.demand)}`;
  } else if (c.kind === 'carry') {
    text = `${head} to carry ${demandText(c.demand)} at ${Math.round(c.utilisation * 100)} % utilisation (${formatAmount(c.perInstance)} per instance)`;
  } else if (c.kind === 'hold') {
    text = `${head}: held for the scale-down delay after ${demandText(c.demand)}`;
  } else if (c.kind === 'ahead') {
    text = `${head}: provisioned ahead of ${demandText(c.demand)} (lead time)`;
  } else {
    text = `${head}: raised so that no step is shorter than ${formatDuration(c.minStepMs)}`;
  }
  if (why.early) {
    const grid = why.early.gridMs ? `, aligned to the ${formatDuration(why.early.gridMs)} minimum step` : '';
    text += `, starting ${formatDuration(why.early.byMs)} before the need at ${isoMinute(why.early.needAt)} (${formatDuration(why.early.leadMs)} lead time${grid})`;
  }
  if (why.delayMs) text += `, after the ${formatDuration(why.delayMs)} scale-down delay`;
  if (why.capped) {
    text += `, WARNING: capped at the maximum of ${why.capped.max}; ${why.capped.needed} would be needed at ${isoMinute(why.capped.at)}`;
  }
  return `${text}.`;
}

/**
 * The reason of a schedule step in English words (see `stepWhy` for the same as data).
 *
 * @example
 * stepReason(ctx, 100, 130, 3, 6); // "Scale up from 3 to 6 × CX33 to carry the 95 % band peak of 812 …"
 */
export function stepReason(
  ctx: ReasonContext,
  from: number,
  to: number,
  previous: number | undefined,
  count: number,
): string {
  return reasonText(stepWhy(ctx, from, to, previous, count));
}
