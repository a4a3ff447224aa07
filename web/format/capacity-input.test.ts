import { describe, expect, it } from 'vitest';
import {
  decimalInput,
  durationHours,
  headroomPercent,
  hoursDuration,
  utilisationOf,
  wholeInput,
} from './capacity-input.ts';

describe('capacity inputs', () => {
  it.each([
    ['12,5', 12.5],
    ['12.5', 12.5],
    [' 40 ', 40],
    ['0,001', 0.001],
    ['0', 0],
    ['', undefined],
    ['-3', undefined],
    ['1.000,5', undefined],
    ['12,5 rps', undefined],
    ['viel', undefined],
  ])('reads the decimal %j as %j', (text, value) => {
    expect(decimalInput(text)).toBe(value);
  });

  it.each([
    ['0', 0],
    ['12', 12],
    ['1,5', undefined],
    ['-1', undefined],
    ['', undefined],
  ])('reads the whole number %j as %j', (text, value) => {
    expect(wholeInput(text)).toBe(value);
  });

  it.each([
    ['PT2H', 2],
    ['P1D', 24],
    ['PT0H', 0],
    ['P0D', 0],
    ['PT30M', 0.5],
    ['soon', undefined],
  ])('reads the duration %s as %j hours', (iso, hours) => {
    expect(durationHours(iso)).toBe(hours);
  });

  it('writes hours back as durations the API reads to the same hours', () => {
    for (const hours of [0, 1, 4, 24, 0.5, 1.25]) expect(durationHours(hoursDuration(hours))).toBe(hours);
  });

  it('turns utilisation and headroom into each other without binary noise', () => {
    expect(headroomPercent(0.7)).toBe(30);
    expect(headroomPercent(1)).toBe(0);
    expect(headroomPercent(0.875)).toBe(12.5);
    expect(utilisationOf(30)).toBe(0.7);
    expect(utilisationOf(12.5)).toBe(0.875);
    expect(utilisationOf(0)).toBe(1);
  });
});
