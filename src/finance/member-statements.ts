import { monthOf } from '../domain/calendar-day.ts';
import { type CostCategory, costCategories } from '../domain/cost-category.ts';
import { DomainError } from '../domain/errors.ts';
import { type Money, NANOS_PER_UNIT, parseDecimal, toCents } from '../domain/money.ts';
import { bookedCosts } from './booked-costs.ts';
import type { CostRecord } from './cost-record.ts';
import { apportion } from './largest-remainder.ts';

/**
 * How a shared service's cost is split among member organisations (e.g. the municipalities of
 * a Zweckverband): by inhabitants, by measured usage share, or by fixed shares. Weights are
 * decimal text; only their ratios matter.
 */
export interface AllocationKey {
  readonly id: string;
  readonly name: string;
  readonly basis: 'inhabitants' | 'usage' | 'fixed';
  readonly shares: readonly {
    readonly memberId: string;
    readonly memberName: string;
    readonly weight: string;
  }[];
}

function weightsOf(key: AllocationKey): bigint[] {
  const weights = key.shares.map((share, index) => {
    try {
      const weight = parseDecimal(share.weight);
      if (weight >= 0n) return weight;
    } catch {}
    const detail = `weight of ${share.memberId} must be a decimal number of at least 0, not ${JSON.stringify(share.weight)}`;
    throw new DomainError('validation', detail, [{ pointer: `/shares/${index}/weight`, detail }]);
  });
  if (weights.every((w) => w === 0n)) {
    const detail = `allocation key ${key.id} has no member with a weight above 0`;
    throw new DomainError('validation', detail, [{ pointer: '/shares', detail }]);
  }
  return weights;
}

/**
 * Splits an amount among the members of a key, rounded to cents so that the member amounts add
 * up to the amount rounded to the cent (largest remainder).
 *
 * @example
 * allocateCost(money('100', 'EUR'), { id: 'k', name: 'Einwohner', basis: 'inhabitants', shares: [
 *   { memberId: 'a', memberName: 'Stadt A', weight: '1' }, { memberId: 'b', memberName: 'Gemeinde B', weight: '2' }] });
 * // [{ memberId: 'a', amount: money('33.33', 'EUR') }, { memberId: 'b', amount: money('66.67', 'EUR') }]
 */
export function allocateCost(amount: Money, key: AllocationKey): { memberId: string; amount: Money }[] {
  const cents = apportion(toCents(amount), weightsOf(key));
  return key.shares.map((share, index) => ({
    memberId: share.memberId,
    amount: { nanos: cents[index]! * (NANOS_PER_UNIT / 100n), currency: amount.currency },
  }));
}

/** One month's cost of one shared service, to be split. */
export interface SharedCostLine {
  readonly month: string;
  readonly serviceId: string;
  readonly amount: Money;
}

/**
 * The shared cost lines of a budget line: its services' booked costs (whole cents per day, as
 * every report books them) of its categories (all when it names none) from `range.from` to
 * `range.to`, summed per month and service, ordered by month and then service id.
 *
 * @example
 * sharedCostLines(records, { serviceIds: [dms], amount: money('0', 'EUR') }, { from: '2026-01-01', to: '2026-03-31' });
 * // [{ month: '2026-01', serviceId: dms, amount: 410.20 EUR }, { month: '2026-02', … }, …]
 */
export function sharedCostLines(
  records: readonly CostRecord[],
  line: {
    readonly serviceIds: readonly string[];
    readonly categories?: readonly CostCategory[];
    readonly amount: Money;
  },
  range: { readonly from: string; readonly to: string },
): SharedCostLine[] {
  const services = new Set(line.serviceIds);
  const categories = new Set(line.categories ?? costCategories);
  const sums = new Map<string, SharedCostLine>();
  for (const record of bookedCosts(records)) {
    if (record.day < range.from || record.day > range.to) continue;
    if (record.serviceId === null || !services.has(record.serviceId) || !categories.has(record.category))
      continue;
    const key = `${monthOf(record.day)}|${record.serviceId}`;
    const before = sums.get(key);
    sums.set(key, {
      month: monthOf(record.day),
      serviceId: record.serviceId,
      amount: { nanos: (before?.amount.nanos ?? 0n) + record.amount.nanos, currency: line.amount.currency },
    });
  }
  return [...sums.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([, l]) => l);
}

export interface MemberStatement {
  readonly memberId: string;
  readonly memberName: string;
  readonly lines: readonly {
    readonly month: string;
    readonly serviceId: string;
    /** The line's whole cost (rounded to the cent) and the member's part of it. */
    readonly lineTotal: Money;
    readonly amount: Money;
    readonly basis: AllocationKey['basis'];
    readonly keyId: string;
  }[];
  readonly total: Money;
}

/**
 * A statement per member for a set of shared cost lines. Each line is rounded to the cent and
 * split by the key that applies to it (a usage key may differ per month), so the members' parts
 * of every line add up to the line, and the member totals to the sum of the lines, to the cent.
 *
 * @example
 * const { statements, total } = memberStatements(lines, (line) => usageKeys.get(line.month) ?? inhabitantsKey, 'EUR');
 */
export function memberStatements(
  lines: readonly SharedCostLine[],
  keyFor: AllocationKey | ((line: SharedCostLine) => AllocationKey),
  currency: string,
): { statements: MemberStatement[]; total: Money } {
  const members = new Map<
    string,
    { name: string; lines: MemberStatement['lines'][number][]; total: bigint }
  >();
  const cent = NANOS_PER_UNIT / 100n;
  let total = 0n;
  for (const line of lines) {
    if (line.amount.currency !== currency) {
      const detail = `cost line ${line.month} ${line.serviceId} is in ${line.amount.currency}, expected ${currency}`;
      throw new DomainError('validation', detail, [{ pointer: '', detail }]);
    }
    const key = typeof keyFor === 'function' ? keyFor(line) : keyFor;
    const lineCents = toCents(line.amount);
    total += lineCents;
    const parts = apportion(lineCents, weightsOf(key));
    key.shares.forEach((share, index) => {
      let member = members.get(share.memberId);
      if (member === undefined) {
        member = { name: share.memberName, lines: [], total: 0n };
        members.set(share.memberId, member);
      }
      const part = parts[index]!;
      member.total += part;
      member.lines.push({
        month: line.month,
        serviceId: line.serviceId,
        lineTotal: { nanos: lineCents * cent, currency },
        amount: { nanos: part * cent, currency },
        basis: key.basis,
        keyId: key.id,
      });
    });
  }
  const statements = [...members].map(([memberId, member]) => ({
    memberId,
    memberName: member.name,
    lines: member.lines,
    total: { nanos: member.total * cent, currency },
  }));
  return { statements, total: { nanos: total * cent, currency } };
}
