/**
 * Computed compute cost (the "actual costs" of a service without a bill): the instances each service ran, hour by hour,
 * priced with the catalog valid on the day, booked as one record per day and service. The hours
 * come from the latest approved plan whose steps cover them, else from the capacity model's
 * current size; a service with neither has no computed cost.
 */
import { effectiveCatalog } from '../cost/effective-prices.ts';
import type { ExchangeRateTable } from '../cost/exchange-rates.ts';
import { addDays, calendarDay, daysBetween } from '../domain/calendar-day.ts';
import { DomainError, type FieldError } from '../domain/errors.ts';
import { add, formatMoney, type Money, zero } from '../domain/money.ts';
import type { CapacitySpec } from '../plan/capacity-spec.ts';
import { loadCatalogsById, loadExchangeRates } from '../plan-service/load-catalogs.ts';
import { findCapacityModel } from '../store/capacity-store.ts';
import { type CatalogSummary, listCatalogs } from '../store/catalog-store.ts';
import { type ApprovedPlanSchedule, approvedPlanSchedules } from '../store/cost-plan-store.ts';
import {
  deleteComputedCostRecords,
  insertCostRecords,
  type NewCostRecord,
} from '../store/cost-record-store.ts';
import { listServices, type Service } from '../store/service-store.ts';
import { getCurrentTenant } from '../store/tenant-store.ts';
import type { TenantTx } from '../store/with-tenant.ts';

const HOUR = 3_600_000;
/** The longest range one request may compute (a year and a bit, so a fiscal year fits). */
export const MAX_COMPUTE_DAYS = 400;

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

function stepAt(plan: ApprovedPlanSchedule, t: number) {
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
  plans: readonly ApprovedPlanSchedule[],
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
export function catalogValidOn(
  catalogs: readonly CatalogSummary[],
  day: string,
): { catalog: CatalogSummary; fallback: boolean } | undefined {
  const from = (c: CatalogSummary) => c.validOn ?? '0000-01-01';
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

function checkRange(range: { from: string; to: string }): number {
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

async function allServices(tx: TenantTx): Promise<Service[]> {
  const services: Service[] = [];
  let cursor: string | undefined;
  do {
    const page = await listServices(tx, { limit: 500, cursor });
    services.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor !== undefined);
  return services;
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const group = groups.get(k);
    if (group) group.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}

type Priced =
  | { hourly: Money; cap: Money | undefined; label: string; fallback: boolean }
  | { missing: string };

/** Hourly prices per (provider, type, day), on the tenant's currency and VAT basis. */
function pricer(tx: TenantTx, catalogs: readonly CatalogSummary[], fx: ExchangeRateTable, tenant: Tenantish) {
  const byProvider = groupBy(catalogs, (c) => c.provider);
  const documents = new Map<string, Promise<Awaited<ReturnType<typeof loadCatalogsById>>[number]>>();
  const priced = new Map<string, ReturnType<typeof effectiveCatalog>>();
  return async (provider: string, instanceType: string, day: string): Promise<Priced> => {
    const chosen = catalogValidOn(byProvider.get(provider) ?? [], day);
    if (!chosen) return { missing: `no catalog for provider ${provider}` };
    const { catalog } = chosen;
    let document = documents.get(catalog.id);
    if (!document) {
      document = loadCatalogsById(tx, [catalog.id]).then((list) => list[0]!);
      documents.set(catalog.id, document);
    }
    // A catalog in the tenant currency prices the same every day; others convert at the day's rate.
    let effective = priced.get(catalog.id) ?? priced.get(`${catalog.id}|${day}`);
    if (!effective) {
      try {
        effective = effectiveCatalog(await document, {
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

interface Tenantish {
  readonly currency: string;
  readonly vatMode: 'gross' | 'net';
}

/**
 * Computes and books the compute cost of every service for the days `from` to `to` (both
 * included, UTC). The computed records of those days are replaced; imported ones stay.
 */
export async function computeUsageCosts(
  tx: TenantTx,
  tenantId: string,
  range: { readonly from: string; readonly to: string },
): Promise<UsageCostResult> {
  const days = checkRange(range);
  const tenant = await getCurrentTenant(tx);
  const services = await allServices(tx);
  const plans = groupBy(
    await approvedPlanSchedules(
      tx,
      new Date(`${range.from.slice(0, 8)}01T00:00:00Z`),
      new Date(`${addDays(range.to, 1)}T00:00:00Z`),
    ),
    (p) => p.serviceId,
  );
  const price = pricer(tx, await listCatalogs(tx), await loadExchangeRates(tx), tenant);
  const records: NewCostRecord[] = [];
  const computed: ServiceUsageCost[] = [];
  const skipped: { serviceId: string; key: string; reason: string }[] = [];
  const warnings: string[] = [];
  const fallbacks = new Set<string>();
  let total = zero(tenant.currency);
  for (const service of services) {
    const current = (await findCapacityModel<CapacitySpec>(tx, service.id))?.model.current;
    const servicePlans = plans.get(service.id) ?? [];
    if (servicePlans.length === 0 && !current) {
      skipped.push({
        serviceId: service.id,
        key: service.key,
        reason: 'no approved plan covers the range and the capacity model has no current size',
      });
      continue;
    }
    let serviceTotal = zero(tenant.currency);
    let count = 0;
    const sources = new Set<string>();
    const missing = new Map<string, number>();
    // What each instance slot has billed this month, per provider and type (for monthly caps).
    let slots = new Map<string, bigint[]>();
    // From the first of the month: a cap depends on the hours the month has run so far.
    for (let day = `${range.from.slice(0, 8)}01`; day <= range.to; day = addDays(day, 1)) {
      if (day.endsWith('-01')) slots = new Map();
      const inRange = day >= range.from;
      let amount = zero(tenant.currency);
      const lines: string[] = [];
      const parts = usageOfDay(day, servicePlans, current).filter((part) => part.count > 0);
      for (const [key, group] of groupBy(parts, (part) => `${part.provider}|${part.instanceType}`)) {
        const { provider, instanceType } = group[0]!;
        const p = await price(provider, instanceType, day);
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
        serviceId: service.id,
        category: 'compute',
        amount,
        source: `Berechnet: ${lines.join('; ')}`,
      });
      serviceTotal = add(serviceTotal, amount);
      count++;
    }
    const why = [...missing].map(([reason, hours]) => `${reason} (${hours} instance-hours unpriced)`);
    if (count === 0) {
      skipped.push({
        serviceId: service.id,
        key: service.key,
        reason: why.join('; ') || 'no instances on these days in the approved plans and no current size',
      });
      continue;
    }
    warnings.push(...why.map((w) => `${service.key}: ${w}`));
    computed.push({
      serviceId: service.id,
      key: service.key,
      records: count,
      total: serviceTotal,
      sources: [...sources],
    });
    total = add(total, serviceTotal);
  }
  for (const label of fallbacks)
    warnings.push(`days before the first catalog of a provider are priced with it: ${label}`);
  await deleteComputedCostRecords(tx, range);
  await insertCostRecords(tx, tenantId, 'computed', null, records);
  return {
    from: range.from,
    to: range.to,
    days,
    services: computed,
    skipped,
    records: records.length,
    total,
    warnings,
  };
}
