import { describe, expect, it } from 'vitest';
import { addDays, calendarDay, dayOf, daysBetween, lastDayOfMonth, monthsBetween } from './calendar-day.ts';

describe('calendar days', () => {
  it.each(['2026-01-01', '2024-02-29', '2000-02-29'])('accepts %s', (day) => {
    expect(calendarDay(day)).toBe(day);
  });

  it.each(['2026-02-29', '1900-02-29', '2026-13-01', '2026-1-1', '2026-01-01T00:00:00Z', ''])(
    'refuses %j',
    (day) => {
      expect(() => calendarDay(day)).toThrow(RangeError);
    },
  );

  it.each([
    ['2026-03-28', 1, '2026-03-29'],
    ['2026-03-29', 1, '2026-03-30'], // the day the clocks go forward in Germany is still one day
    ['2024-02-28', 1, '2024-02-29'],
    ['2026-01-01', -1, '2025-12-31'],
    ['2026-01-01', 730, '2028-01-01'],
  ])('%s plus %i days is %s', (day, days, expected) => {
    expect(addDays(day, days)).toBe(expected);
  });

  it.each([
    ['2026-01-01', '2026-01-01', 1],
    ['2026-01-01', '2026-12-31', 365],
    ['2024-01-01', '2024-12-31', 366],
    ['2026-10-24', '2026-10-26', 3],
    ['2026-02-01', '2026-01-01', 0],
  ])('%s to %s is %i days', (from, to, days) => {
    expect(daysBetween(from, to)).toBe(days);
  });

  it('lists months across a year end and finds the last day of a month', () => {
    expect(monthsBetween('2026-11-15', '2027-02-01')).toEqual(['2026-11', '2026-12', '2027-01', '2027-02']);
    expect(monthsBetween('2026-02-01', '2026-01-01')).toEqual([]);
    expect([lastDayOfMonth('2024-02'), lastDayOfMonth('2026-02'), lastDayOfMonth('2026-12')]).toEqual([
      '2024-02-29',
      '2026-02-28',
      '2026-12-31',
    ]);
  });

  it('takes the UTC day of an instant', () => {
    expect(dayOf(new Date('2026-03-31T23:30:00-01:00'))).toBe('2026-04-01');
    expect(dayOf('2026-03-31T22:30:00.000Z')).toBe('2026-03-31');
  });
});
