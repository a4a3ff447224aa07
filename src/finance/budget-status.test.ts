import { describe, expect, it } from 'vitest';
import { formatMoney } from '../domain/money.ts';
import { type BudgetLine, budgetStatus, fiscalYearPeriod } from './budget-status.ts';
import { dailyPlan, dailyRecords, eur } from './test-data.ts';

const f = formatMoney;

describe('fiscalYearPeriod', () => {
  it.each([
    [2026, 1, '2026-01-01', '2026-12-31'],
    [2026, 7, '2026-07-01', '2027-06-30'],
    [2027, 3, '2027-03-01', '2028-02-29'],
    [2026, 12, '2026-12-01', '2027-11-30'],
  ])('%i starting in month %i', (year, month, start, end) => {
    expect(fiscalYearPeriod(year, month)).toEqual({ start, end });
  });

  it.each([0, 13, 1.5])('refuses start month %s', (month) => {
    expect(() => fiscalYearPeriod(2026, month)).toThrow(/no fiscal year/);
  });
});

describe('budgetStatus', () => {
  const line: BudgetLine = {
    id: 'b1',
    name: 'IT-Betrieb Wahlen',
    fiscalYear: 2026,
    amount: eur('40000'),
    serviceIds: ['svc-wahl'],
  };
  const records = [
    ...dailyRecords('2025-12-01', '2026-06-30', '100'),
    ...dailyRecords('2026-01-01', '2026-06-30', '10', 'svc-wahl', 'licences'),
    ...dailyRecords('2026-01-01', '2026-06-30', '10', 'svc-kfz'),
  ];
  const plan = dailyPlan('2026-07-01', '2027-12-31', '50', '100', '150');

  it('sums the calendar year by default, all categories, and projects the rest', () => {
    const s = budgetStatus(line, records, plan, '2026-06-30');
    expect(s.period).toEqual({ start: '2026-01-01', end: '2026-12-31' });
    expect(f(s.spendToDate)).toBe('19910.00');
    expect(s.percentSpent).toBe(49.77);
    expect([f(s.projected.low), f(s.projected.expected), f(s.projected.high)]).toEqual([
      '29110.00',
      '38310.00',
      '47510.00',
    ]);
    expect([f(s.remaining.expected), f(s.remaining.high)]).toEqual(['1690.00', '-7510.00']);
    expect(s.monthly).toHaveLength(12);
    const sum = s.monthly.reduce((t, m) => t + m.actual.nanos + m.planned.expected.nanos, 0n);
    expect(sum).toBe(s.projected.expected.nanos);
  });

  it('limits to categories and follows a fiscal year that starts in July', () => {
    const s = budgetStatus(
      { ...line, categories: ['licences'], fiscalYearStartMonth: 7, fiscalYear: 2025 },
      records,
      plan,
      '2026-06-30',
    );
    expect(s.period).toEqual({ start: '2025-07-01', end: '2026-06-30' });
    expect(f(s.spendToDate)).toBe('1810.00');
    expect(f(s.projected.high)).toBe('1810.00');
  });

  it('is zero without costs', () => {
    const s = budgetStatus(line, [], [], '2026-06-30');
    expect([f(s.spendToDate), s.percentSpent, f(s.remaining.low)]).toEqual(['0.00', 0, '40000.00']);
  });
});
