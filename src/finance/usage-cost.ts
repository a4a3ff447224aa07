/**
 * Computed compute cost (the "actual costs" of a service without a bill), as pure functions: the
 * instances each service ran, hour by hour, from its approved plans or its current size, priced
 * with the catalog valid on the day, as one cost record per day and service. The use case in
 * finance-service/compute-usage-costs.ts loads the inputs and books the records.
 */
import { type EffectiveCatalog, effectiveCatalog } from '../cost/effective-prices.ts';
import type { ExchangeRateTable } from '../cost/exchange-rates.ts';
import type { PriceCatalog } from '../cost/price-catalog.ts';
import { addDays, calendarDay, daysBetween } from '../domain/calendar-day.ts';
import { DomainError, type FieldError } from '../domain/errors.ts';
import { add, formatMoney, type Money, zero } from '../domain/money.ts';

const HOUR = 3_600_000;
/** The longest range one request may compute (a year and a bit, so a fiscal year fits). */
export const MAX_COMPUTE_DAYS = 400;

/** An approved plan's schedule: the steps (epoch ms UTC, `to` exclusive) the service scaled by. */
export interface PlanSchedule {
  readonly planId: string;
  readonly version: number;
  readonly steps: readonly {
    readonly from: number;
    readonly to: number;
    readonly provider: string;
    readonly instanceType: string;
    readonly count: number;
  }[];
}

/** What `catalogValidOn` needs to know of a stored catalog. */
export interface DatedCatalog {
  readonly id: string;
  readonly provider: string;
  readonly version: string;
  readonly validOn: string | null;
  readonly builtIn: boolean;
  readonly createdAt: Date;
}

/** Instances of one type that ran for some hours of a day, and what said so. */
export interface UsagePart {
  /** "Plan <id> v<version>" or "Kapazitätsmodell". */
  readonly source: string;
  readonly provider: string;
  readonly instanceType: string;
  readonly count: number;
  readonly hours: number;
}

export interface CurrentSize {
  readonly provider: string;
  readonly instanceType: string;
  readonly count: number;
}

function stepAt(plan: PlanSchedule, t: number) {
  let lo = 0;
  let hi = plan.steps.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const step = plan.steps[mid]!;
    if (t < step.from) hi = mid - 1;
    else if (t >= step.to) lo = mid + 1;
    else return step;
  }
  return undefined;
}

/**
 * The instance-hours of one UTC day: each hour from the latest approved plan (first in `plans`)
 * with a step covering the hour's start, else the current size, else none.
 *
 * @example
 * usageOfDay('2026-03-01', [], { provider: 'hetzner', instanceType: 'cx23', count: 2 });
 * // [{ source: 'Kapazitätsmodell', provider: 'hetzner', instanceType: 'cx23', count: 2, hours: 24 }]
 */
export function usageOfDay(
  day: string,
  plans: readonly PlanSchedule[],
  current: CurrentSize | undefined,
): UsagePart[] {
  const start = Date.parse(`${day}T00:00:00Z`);
  const parts = new Map<string, UsagePart>();
  for (let h = 0; h < 24; h++) {
    const t = start + h * HOUR;
    let part: Omit<UsagePart, 'hours'> | undefined;
    for (const plan of plans) {
      const step = stepAt(plan, t);
      if (step) {
        part = { source: `Plan ${plan.planId} v${plan.version}`, ...step };
        break;
      }
    }
    if (!part && current) part = { source: 'Kapazitätsmodell', ...current };
    if (!part) continue;
    const key = `${part.source}|${part.provider}|${part.instanceType}|${part.count}`;
    const before = parts.get(key);
    parts.set(key, {
      source: part.source,
      provider: part.provider,
      instanceType: part.instanceType,
      count: part.count,
      hours: (before?.hours ?? 0) + 1,
    });
  }
  return [...parts.values()];
}

/**
 * The provider's catalog valid on `day`: the latest validity date on or before it (the tenant's
 * own before a built-in one, then the newest import); when every catalog starts later, the
 * earliest one, flagged as a fallback.
 *
 * @example
 * catalogValidOn(hetznerCatalogs, '2026-09-01'); // { catalog: <valid from 2026-08-17>, fallback: false }
 */
export function catalogValidOn<C extends DatedCatalog>(
  catalogs: readonly C[],
  day: string,
): { catalog: C; fallback: boolean } | undefined {
  const from = (c: DatedCatalog) => c.validOn ?? '0000-01-01';
  const ranked = [...catalogs].sort(
    (a, b) =>
      from(b).localeCompare(from(a)) ||
      Number(a.builtIn) - Number(b.builtIn) ||
      b.createdAt.getTime() - a.createdAt.getTime(),
  );
  const valid = ranked.find((c) => from(c) <= day);
  if (valid) return { catalog: valid, fallback: false };
  const earliest = ranked.at(-1);
  return earliest ? { catalog: earliest, fallback: true } : undefined;
}

/**
 * The charge of one day's instance-hours of one provider and type. Without a monthly cap it is
 * count × hours × hourly. With one, instances are slots (slot k runs in every hour with at least
 * k instances, as in the plan's cap credits) and a slot costs nothing more once it has billed the
 * cap this month; `billed` holds each slot's month so far and is updated.
 *
 * @example
 * const billed = [money('4.8', 'EUR').nanos];
 * dayCharge([{ count: 1, hours: 24 }], money('0.01', 'EUR'), money('5', 'EUR'), billed).charged; // 0.20 EUR
 */
export function dayCharge(
  parts: readonly { readonly count: number; readonly hours: number }[],
  hourly: Money,
  cap: Money | undefined,
  billed: bigint[],
): { charged: Money; uncapped: Money } {
  let uncapped = 0n;
  for (const part of parts) uncapped += hourly.nanos * BigInt(part.count * part.hours);
  if (!cap)
    return {
      charged: { nanos: uncapped, currency: hourly.currency },
      uncapped: { nanos: uncapped, currency: hourly.currency },
    };
  const peak = Math.max(0, ...parts.map((part) => part.count));
  let charged = 0n;
  for (let k = 1; k <= peak; k++) {
    let hours = 0;
    for (const part of parts) if (part.count >= k) hours += part.hours;
    const before = billed[k - 1] ?? 0n;
    const after = before + hourly.nanos * BigInt(hours);
    const clip = (x: bigint) => (x < cap.nanos ? x : cap.nanos);
    const more = clip(after) - clip(before);
    if (more > 0n) charged += more;
    billed[k - 1] = after;
  }
  return {
    charged: { nanos: charged, currency: hourly.currency },
    uncapped: { nanos: uncapped, currency: hourly.currency },
  };
}

/** A decimal with a German comma, all significant digits (at least two). */
function german(amount: Money): string {
  return formatMoney(amount, 9)
    .replace(/(\.\d\d\d*?)0+$/, '$1')
    .replace('.', ',');
}

export interface ServiceUsageCost {
  readonly serviceId: string;
  readonly key: string;
  readonly records: number;
  readonly total: Money;
  readonly sources: readonly string[];
}

export interface UsageCostResult {
  readonly from: string;
  readonly to: string;
  readonly days: number;
  readonly services: readonly ServiceUsageCost[];
  readonly skipped: readonly { serviceId: string; key: string; reason: string }[];
  readonly records: number;
  readonly total: Money;
  readonly warnings: readonly string[];
}

export function checkUsageRange(range: { from: string; to: string }): number {
  const errors: FieldError[] = [];
  for (const field of ['from', 'to'] as const) {
    try {
      calendarDay(range[field]);
    } catch {
      errors.push({ pointer: `/${field}`, detail: 'a day as YYYY-MM-DD' });
    }
  }
  if (errors.length === 0 && range.to < range.from)
    errors.push({ pointer: '/to', detail: `to (${range.to}) is before from (${range.from})` });
  const days = errors.length === 0 ? daysBetween(range.from, range.to) : 0;
  if (days > MAX_COMPUTE_DAYS)
    errors.push({ pointer: '/to', detail: `at most ${MAX_COMPUTE_DAYS} days at once, asked for ${days}` });
  if (errors.length > 0) throw new DomainError('validation', 'invalid day range', errors);
  return days;
}

/** Items by key, in order of first appearance. */
export function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const group = groups.get(k);
    if (group) group.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}

/** An hourly price of one type on one day, or why there is none. */
export type DayPrice =
  | {
      readonly hourly: Money;
      readonly cap: Money | undefined;
      readonly label: string;
      readonly fallback: boolean;
    }
  | { readonly missing: string };

/**
 * Hourly prices per (provider, type, day) on the tenant's currency and VAT basis, from the
 * catalogs and their documents (by id). A catalog in the tenant's currency is made effective once;
 * one in another currency once per day, at that day's rate.
 */
export function catalogPricer(
  catalogs: readonly DatedCatalog[],
  documents: ReadonlyMap<string, PriceCatalog>,
  fx: ExchangeRateTable,
  tenant: { readonly currency: string; readonly vatMode: 'gross' | 'net' },
): (provider: string, instanceType: string, day: string) => DayPrice {
  const byProvider = groupBy(catalogs, (c) => c.provider);
  const priced = new Map<string, EffectiveCatalog>();
  return (provider, instanceType, day) => {
    const chosen = catalogValidOn(byProvider.get(provider) ?? [], day);
    if (!chosen) return { missing: `no catalog for provider ${provider}` };
    const { catalog } = chosen;
    let effective = priced.get(catalog.id) ?? priced.get(`${catalog.id}|${day}`);
    if (!effective) {
      const document = documents.get(catalog.id);
      if (!document) return { missing: `catalog ${provider} ${catalog.version} could not be read` };
      try {
        effective = effectiveCatalog(document, {
          currency: tenant.currency,
          vat: tenant.vatMode,
          fx,
          on: day,
        });
      } catch (error) {
        if (error instanceof DomainError) return { missing: `${provider} ${day}: ${error.message}` };
        throw error;
      }
      priced.set(effective.fxRate === undefined ? catalog.id : `${catalog.id}|${day}`, effective);
    }
    const type = effective.types.find((t) => t.name === instanceType);
    if (!type)
      return { missing: `instance type ${instanceType} is not in catalog ${provider} ${catalog.version}` };
    const note = chosen.fallback ? `, gilt erst ab ${catalog.validOn}` : '';
    return {
      hourly: type.hourly,
      cap: type.monthlyCap,
      label: `Preisliste ${provider} ${catalog.version}${note}`,
      fallback: chosen.fallback,
    };
  };
}

/** One day's computed compute cost of a service, with the hours and prices behind it in words. */
export interface UsageCostRecord {
  readonly day: string;
  readonly serviceId: string;
  readonly category: 'compute';
  readonly amount: Money;
  readonly source: string;
}

/** One service's computed cost over a range, or why it has none. */
export type ServiceUsage =
  | {
      readonly kind: 'computed';
      readonly records: readonly UsageCostRecord[];
      readonly total: Money;
      readonly sources: readonly string[];
      /** Instance-hours no price was found for, by reason. */
      readonly unpriced: readonly string[];
      /** Labels of catalogs used for days before they were valid. */
      readonly fallbacks: readonly string[];
    }
  | { readonly kind: 'skipped'; readonly reason: string; readonly fallbacks: readonly string[] };

/**
 * A service's compute cost for the days `from` to `to` (both included, UTC): each day's
 * instance-hours priced with `price`. Days are walked from the first of `from`'s month, so a
 * monthly cap knows the hours the month has run before the range.
 */
export function serviceUsageCost(input: {
  readonly serviceId: string;
  readonly range: { readonly from: string; readonly to: string };
  readonly currency: string;
  /** Approved plans of the service, newest approval first. */
  readonly plans: readonly PlanSchedule[];
  readonly current: CurrentSize | undefined;
  readonly price: (provider: string, instanceType: string, day: string) => DayPrice;
}): ServiceUsage {
  const { range, currency, plans, current, price } = input;
  if (plans.length === 0 && !current)
    return {
      kind: 'skipped',
      reason: 'no approved plan covers the range and the capacity model has no current size',
      fallbacks: [],
    };
  const records: UsageCostRecord[] = [];
  let total = zero(currency);
  const sources = new Set<string>();
  const fallbacks = new Set<string>();
  const missing = new Map<string, number>();
  // What each instance slot has billed this month, per provider and type (for monthly caps).
  let slots = new Map<string, bigint[]>();
  for (let day = `${range.from.slice(0, 8)}01`; day <= range.to; day = addDays(day, 1)) {
    if (day.endsWith('-01')) slots = new Map();
    const inRange = day >= range.from;
    let amount = zero(currency);
    const lines: string[] = [];
    const parts = usageOfDay(day, plans, current).filter((part) => part.count > 0);
    for (const [key, group] of groupBy(parts, (part) => `${part.provider}|${part.instanceType}`)) {
      const { provider, instanceType } = group[0]!;
      const p = price(provider, instanceType, day);
      if ('missing' in p) {
        if (inRange)
          for (const part of group)
            missing.set(p.missing, (missing.get(p.missing) ?? 0) + part.count * part.hours);
        continue;
      }
      if (p.fallback) fallbacks.add(p.label);
      const state = slots.get(key) ?? [];
      slots.set(key, state);
      const { charged, uncapped } = dayCharge(group, p.hourly, p.cap, state);
      if (!inRange) continue;
      amount = add(amount, charged);
      for (const part of group) {
        sources.add(part.source);
        lines.push(
          `${part.source}: ${provider} ${instanceType}, ${part.count} × ${part.hours} h = ` +
            `${part.count * part.hours} Instanzstunden × ${german(p.hourly)} ${p.hourly.currency}/h (${p.label})`,
        );
      }
      if (p.cap && charged.nanos < uncapped.nanos)
        lines.push(
          `Monatsdeckel ${provider} ${instanceType} ${german(p.cap)} ${p.cap.currency} je Instanz: ` +
            `−${german({ nanos: uncapped.nanos - charged.nanos, currency: p.cap.currency })} ${p.cap.currency}`,
        );
    }
    if (!inRange || lines.length === 0) continue;
    records.push({
      day,
      serviceId: input.serviceId,
      category: 'compute',
      amount,
      source: `Berechnet: ${lines.join('; ')}`,
    });
    total = add(total, amount);
  }
  const unpriced = [...missing].map(([reason, hours]) => `${reason} (${hours} instance-hours unpriced)`);
  if (records.length === 0)
    return {
      kind: 'skipped',
      reason: unpriced.join('; ') || 'no instances on these days in the approved plans and no current size',
      fallbacks: [...fallbacks],
    };
  return { kind: 'computed', records, total, sources: [...sources], unpriced, fallbacks: [...fallbacks] };
}
