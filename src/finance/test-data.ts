import { addDays, daysBetween } from '../domain/calendar-day.ts';
import type { CostCategory } from '../domain/cost-category.ts';
import { type Money, money } from '../domain/money.ts';
import type { CostRecord, PlannedDailyCost } from './cost-record.ts';
import type { Grant } from './grant.ts';

/** Shared test values; not used by production code. */
export const eur = (value: string | number): Money => money(value, 'EUR');

export const demoGrant: Grant = {
  id: 'grant-dk',
  programme: 'Digitalisierung Kommunal 2026-2027',
  funder: 'Land (Fördermittelgeber)',
  referenceNumber: 'DK-2026-0042',
  amount: eur('100000'),
  period: { start: '2026-01-01', end: '2027-12-31' },
  eligibleServiceIds: ['svc-wahl'],
  eligibleCategories: ['compute', 'storage'],
  coFundingRate: '0.8',
  tranches: [
    { day: '2026-03-01', amount: eur('30000'), label: '1. Tranche' },
    { day: '2027-03-01', amount: eur('40000'), label: '2. Tranche' },
  ],
};

export function dailyRecords(
  from: string,
  to: string,
  amount: string,
  serviceId = 'svc-wahl',
  category: CostCategory = 'compute',
): CostRecord[] {
  return Array.from({ length: daysBetween(from, to) }, (_, i) => ({
    day: addDays(from, i),
    serviceId,
    category,
    amount: eur(amount),
    source: `FOCUS test.csv, line ${i + 2}`,
  }));
}

export function dailyPlan(
  from: string,
  to: string,
  low: string,
  expected: string,
  high: string,
  serviceId = 'svc-wahl',
): PlannedDailyCost[] {
  return Array.from({ length: daysBetween(from, to) }, (_, i) => ({
    day: addDays(from, i),
    serviceId,
    category: 'compute' as const,
    low: eur(low),
    expected: eur(expected),
    high: eur(high),
  }));
}
