/**
 * The cost of a plan, per segment (schedule step) and in total, split into compute, storage,
 * egress and backup. Totals are sums of the segment lines plus the monthly-cap credits, so the
 * lines always add up to the total exactly.
 */
import { type Money, zero } from '../domain/money.ts';
import { type BackupPolicy, backupUsage } from './backup-usage.ts';
import { billingMonths } from './billing-months.ts';
import { type CapCredit, capCredits, computeSegmentCost, type Segment } from './compute-cost.ts';
import type { EffectiveCatalog, EffectiveStorage, EffectiveType } from './effective-prices.ts';
import { egressSegmentCosts } from './egress-cost.ts';
import { storageSegmentCosts } from './storage-cost.ts';

export interface CostBreakdown {
  readonly compute: Money;
  readonly storage: Money;
  readonly egress: Money;
  readonly backup: Money;
  readonly total: Money;
}

export interface SegmentCost extends CostBreakdown, Segment {}

/** Storage, egress and backup to price next to the instances; series align with the counts. */
export interface ResourceUsage {
  readonly blockGib?: ArrayLike<number>;
  /** Block storage class name; default the catalog's first. */
  readonly blockClass?: string;
  readonly egressGib?: ArrayLike<number>;
  readonly backup?: {
    readonly policy: BackupPolicy;
    /** Where the off-site copy is kept (another provider, or the same one's object storage). */
    readonly target: EffectiveCatalog;
    readonly storageClass?: string;
  };
}

export interface PlanCostInput {
  readonly start: number;
  readonly stepMs: number;
  readonly counts: ArrayLike<number>;
  /** Contiguous, covering every step from 0 to `counts.length`. */
  readonly segments: readonly Segment[];
  readonly type: EffectiveType;
  readonly catalog: EffectiveCatalog;
  readonly resources?: ResourceUsage;
}

export interface PlanCost {
  readonly segments: readonly SegmentCost[];
  readonly capCredits: readonly CapCredit[];
  readonly totals: CostBreakdown;
  /** What could not be priced; those amounts are not in the totals. */
  readonly unpriced: readonly string[];
}

function pick(list: readonly EffectiveStorage[], name: string | undefined): EffectiveStorage | undefined {
  return name === undefined ? list[0] : list.find((s) => s.name === name);
}

function hasUsage(series: ArrayLike<number> | undefined): boolean {
  if (series === undefined) return false;
  for (let i = 0; i < series.length; i++) if (series[i]! > 0) return true;
  return false;
}

/**
 * Prices a count series on one instance type, with the storage, egress and backup it carries.
 *
 * @example
 * const cost = costPlan({ start, stepMs: 3_600_000, counts, segments, type: cx33, catalog: hetzner });
 * formatMoney(cost.totals.total); // "1234.56"
 */
export function costPlan(input: PlanCostInput): PlanCost {
  const { start, stepMs, counts, segments, type, catalog, resources = {} } = input;
  const currency = type.hourly.currency;
  const months = billingMonths(start, stepMs, counts.length);
  const unpriced: string[] = [];
  let block: readonly bigint[] | undefined;
  if (hasUsage(resources.blockGib)) {
    const store = pick(catalog.blockStorage, resources.blockClass);
    if (!store)
      unpriced.push(
        `${catalog.provider}: block storage${resources.blockClass ? ` "${resources.blockClass}"` : ''} has no price`,
      );
    else {
      const result = storageSegmentCosts(resources.blockGib!, store, stepMs, segments);
      block = result.perSegment;
      unpriced.push(...result.unpriced);
    }
  }
  let backupStore: readonly bigint[] | undefined;
  let backupTransfer: ArrayLike<number> = new Float64Array(counts.length);
  const backup = resources.backup;
  if (backup && hasUsage(resources.blockGib)) {
    const usage = cachedBackupUsage(resources.blockGib!, backup.policy, start, stepMs);
    const store = pick(backup.target.objectStorage, backup.storageClass);
    if (!store)
      unpriced.push(`${backup.target.provider}: object storage for the off-site backup has no price`);
    else {
      const result = storageSegmentCosts(usage.storedGib, store, stepMs, segments);
      backupStore = result.perSegment;
      unpriced.push(...result.unpriced);
    }
    if (backup.target.provider !== catalog.provider) backupTransfer = usage.transferGib;
  }
  let egressService: readonly bigint[] | undefined;
  let egressBackup: readonly bigint[] | undefined;
  if (hasUsage(resources.egressGib) || hasUsage(backupTransfer)) {
    if (!catalog.egress) unpriced.push(`${catalog.provider}: egress has no price`);
    else {
      const serviceGib = resources.egressGib ?? new Float64Array(counts.length);
      const result = egressSegmentCosts(
        serviceGib,
        backupTransfer,
        catalog.egress,
        counts,
        months,
        stepMs,
        segments,
      );
      egressService = result.service;
      egressBackup = result.backup;
      unpriced.push(...result.unpriced.map((what) => `${catalog.provider}: ${what}`));
    }
  }
  const lines: SegmentCost[] = segments.map((segment, index) => {
    const compute = computeSegmentCost(counts, segment, type.hourly, stepMs).nanos;
    const storage = block?.[index] ?? 0n;
    const egress = egressService?.[index] ?? 0n;
    const backupCost = (backupStore?.[index] ?? 0n) + (egressBackup?.[index] ?? 0n);
    return {
      startIndex: segment.startIndex,
      endIndex: segment.endIndex,
      compute: { nanos: compute, currency },
      storage: { nanos: storage, currency },
      egress: { nanos: egress, currency },
      backup: { nanos: backupCost, currency },
      total: { nanos: compute + storage + egress + backupCost, currency },
    };
  });
  const credits = type.monthlyCap ? capCredits(counts, months, type.hourly, type.monthlyCap, stepMs) : [];
  const add = (key: keyof CostBreakdown) => lines.reduce((total, line) => total + line[key].nanos, 0n);
  const creditTotal = credits.reduce((total, credit) => total + credit.amount.nanos, 0n);
  const compute = add('compute') + creditTotal;
  const storage = add('storage');
  const egress = add('egress');
  const backupTotal = add('backup');
  return {
    segments: lines,
    capCredits: credits,
    totals: {
      compute: { nanos: compute, currency },
      storage: { nanos: storage, currency },
      egress: { nanos: egress, currency },
      backup: { nanos: backupTotal, currency },
      total: { nanos: compute + storage + egress + backupTotal, currency },
    },
    unpriced: [...new Set(unpriced)],
  };
}

const backupCache = new WeakMap<object, { key: string; usage: ReturnType<typeof backupUsage> }>();

/** One plan prices the same backup series on several providers: derive it once per series. */
function cachedBackupUsage(data: ArrayLike<number>, policy: BackupPolicy, start: number, stepMs: number) {
  const key = `${policy.retentionDays}/${policy.dailyChangeRate}/${policy.fullBackupWeekday ?? 0}/${start}/${stepMs}`;
  const hit = backupCache.get(data);
  if (hit?.key === key) return hit.usage;
  const usage = backupUsage(data, policy, start, stepMs);
  backupCache.set(data, { key, usage });
  return usage;
}

/**
 * A zero breakdown in `currency`, for plans without steps.
 *
 * @example
 * zeroBreakdown('EUR').total; // 0 EUR
 */
export function zeroBreakdown(currency: string): CostBreakdown {
  const z = zero(currency);
  return { compute: z, storage: z, egress: z, backup: z, total: z };
}
