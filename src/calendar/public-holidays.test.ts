import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { easterSunday } from './easter-sunday.ts';
import {
  federalStates,
  findPublicHoliday,
  isFederalState,
  isPublicHoliday,
  publicHolidays,
} from './public-holidays.ts';

describe('easterSunday', () => {
  it.each([
    [1818, 3, 22],
    [2000, 4, 23],
    [2019, 4, 21],
    [2024, 3, 31],
    [2025, 4, 20],
    [2026, 4, 5],
    [2038, 4, 25],
    [2285, 3, 22],
  ])('%i -> %i/%i', (year, month, day) => {
    expect(easterSunday(year)).toEqual({ year, month, day });
  });

  it('always falls on a Sunday between 22 March and 25 April', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1583, max: 4099 }), (year) => {
        const { month, day } = easterSunday(year);
        const date = new Date(Date.UTC(year, month - 1, day));
        expect(date.getUTCDay()).toBe(0);
        const md = month * 100 + day;
        expect(md >= 322 && md <= 425).toBe(true);
      }),
    );
  });
});

describe('publicHolidays', () => {
  it('lists the 13 holidays of Bavaria in 2026', () => {
    expect(publicHolidays(2026, 'BY')).toEqual([
      { date: '2026-01-01', name: 'Neujahr' },
      { date: '2026-01-06', name: 'Heilige Drei Könige' },
      { date: '2026-04-03', name: 'Karfreitag' },
      { date: '2026-04-06', name: 'Ostermontag' },
      { date: '2026-05-01', name: 'Tag der Arbeit' },
      { date: '2026-05-14', name: 'Christi Himmelfahrt' },
      { date: '2026-05-25', name: 'Pfingstmontag' },
      { date: '2026-06-04', name: 'Fronleichnam' },
      { date: '2026-08-15', name: 'Mariä Himmelfahrt' },
      { date: '2026-10-03', name: 'Tag der Deutschen Einheit' },
      { date: '2026-11-01', name: 'Allerheiligen' },
      { date: '2026-12-25', name: '1. Weihnachtstag' },
      { date: '2026-12-26', name: '2. Weihnachtstag' },
    ]);
  });

  it.each([
    ['2022-11-16', 'SN', 'Buß- und Bettag'],
    ['2023-11-22', 'SN', 'Buß- und Bettag'],
    ['2024-11-20', 'SN', 'Buß- und Bettag'],
    ['2026-11-18', 'SN', 'Buß- und Bettag'],
    ['1994-11-16', 'NW', 'Buß- und Bettag'],
    ['2024-03-29', 'HH', 'Karfreitag'],
    ['2024-04-01', 'HH', 'Ostermontag'],
    ['2024-03-31', 'BB', 'Ostersonntag'],
    ['2017-10-31', 'BY', 'Reformationstag'],
    ['2018-10-31', 'NI', 'Reformationstag'],
    ['2018-10-31', 'SN', 'Reformationstag'],
    ['2019-09-20', 'TH', 'Weltkindertag'],
    ['2019-03-08', 'BE', 'Internationaler Frauentag'],
    ['2023-03-08', 'MV', 'Internationaler Frauentag'],
    ['2025-05-08', 'BE', 'Tag der Befreiung'],
    ['2026-01-06', 'ST', 'Heilige Drei Könige'],
    ['2026-08-15', 'SL', 'Mariä Himmelfahrt'],
    ['2026-06-04', 'HE', 'Fronleichnam'],
    ['2026-11-01', 'NW', 'Allerheiligen'],
  ] as const)('%s is a holiday in %s (%s)', (date, state, name) => {
    expect(findPublicHoliday(date, state)).toBe(name);
  });

  it.each([
    ['2026-11-18', 'BY'],
    ['2017-10-30', 'BY'],
    ['2018-10-31', 'BY'],
    ['2016-10-31', 'NI'],
    ['2018-09-20', 'TH'],
    ['2022-03-08', 'MV'],
    ['2026-03-08', 'HH'],
    ['2026-01-06', 'NW'],
    ['2026-08-15', 'NW'],
    ['2026-06-04', 'BE'],
    ['2024-05-08', 'BE'],
  ] as const)('%s is not a holiday in %s', (date, state) => {
    expect(isPublicHoliday(date, state)).toBe(false);
  });

  it('gives every state the nine nationwide holidays, sorted and without duplicates', () => {
    for (const state of federalStates) {
      const list = publicHolidays(2026, state);
      expect(list.length).toBeGreaterThanOrEqual(9);
      const dates = list.map((h) => h.date);
      expect([...dates].sort()).toEqual(dates);
      expect(new Set(dates).size).toBe(dates.length);
      for (const name of ['Neujahr', 'Karfreitag', 'Tag der Deutschen Einheit', '2. Weihnachtstag']) {
        expect(list.some((h) => h.name === name)).toBe(true);
      }
    }
  });

  it('narrows state codes', () => {
    expect(federalStates).toHaveLength(16);
    expect(isFederalState('SN')).toBe(true);
    expect(isFederalState('XX')).toBe(false);
    expect(isFederalState(3)).toBe(false);
  });
});
