import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { convertValue, knownMetricUnits, normalizeUnit, storageUnit, unitDimension } from './units.ts';

describe('normalizeUnit', () => {
  it.each([
    ['', '1'],
    ['  ', '1'],
    ['1', '1'],
    ['ratio', '1'],
    ['%', 'percent'],
    ['percent', 'percent'],
    ['cores', 'cores'],
    ['Cores', 'cores'],
    ['vCPU', 'cores'],
    ['millicores', 'millicores'],
    ['By', 'B'],
    ['bytes', 'B'],
    ['KiBy', 'KiB'],
    ['MiBy', 'MiB'],
    ['gib', 'GiB'],
    ['GiB', 'GiB'],
    ['GB', 'GB'],
    ['kB', 'kB'],
    ['TiB', 'TiB'],
    ['1/s', '1/s'],
    ['/s', '1/s'],
    ['Hz', '1/s'],
    ['{requests}/s', '1/s'],
    ['{request}/min', '1/min'],
    ['{requests}', '{requests}'],
    ['{count}', '{count}'],
    ['s', 's'],
    ['ms', 'ms'],
    ['seconds', 's'],
    ['By/s', 'B/s'],
    ['MiB/s', 'MiB/s'],
  ])('%j -> %s', (raw, unit) => {
    expect(normalizeUnit(raw)).toEqual({ ok: true, value: unit });
  });

  it.each([
    ['KB', /ambiguous.*kB.*KiB/],
    ['mb', /ambiguous.*MB.*MiB/],
    ['Gb', /ambiguous/],
    ['m', /ambiguous.*millicores/],
    ['furlongs', /unknown unit 'furlongs'/],
    ['{}', /unknown unit/],
    ['x'.repeat(100), /unknown unit 'x{40}…'/],
  ])('refuses %j', (raw, reason) => {
    const result = normalizeUnit(raw);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toMatch(reason);
  });
});

describe('convertValue', () => {
  it.each([
    [1536, 'MiB', 'GiB', 1.5],
    [1, 'GiB', 'B', 1073741824],
    [1, 'TiB', 'GiB', 1024],
    [2_000_000_000, 'B', 'GB', 2],
    [1500, 'millicores', 'cores', 1.5],
    [0.25, 'cores', 'millicores', 250],
    [50, 'percent', '1', 0.5],
    [0.5, 'ratio', '%', 50],
    [120, '1/min', '1/s', 2],
    [1, '1/s', '1/h', 3600],
    [250, 'ms', 's', 0.25],
    [8, 'bit', 'B', 1],
    [0, 'GiB', 'MiB', 0],
    [-3, 'GiB', 'MiB', -3072],
    [42, '{requests}', '{requests}', 42],
  ])('%d %s = %d %s', (value, from, to, expected) => {
    expect(convertValue(value, from, to)).toEqual({ ok: true, value: expected });
  });

  it.each([
    ['GiB', 'cores', /'GiB' \(information\) cannot be converted to 'cores' \(cpu\)/],
    ['s', '1/s', /cannot be converted/],
    ['{requests}', '1', /annotation/],
    ['furlongs', 'GiB', /unknown unit/],
    ['GiB', 'KB', /ambiguous/],
  ])('%s -> %s is refused', (from, to, reason) => {
    const result = convertValue(1, from, to);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toMatch(reason);
  });

  it('round-trips between convertible units within floating-point error', () => {
    const units = ['B', 'kB', 'MB', 'GB', 'TB', 'KiB', 'MiB', 'GiB', 'TiB', 'bit'];
    fc.assert(
      fc.property(
        fc.double({ min: -1e12, max: 1e12, noNaN: true }),
        fc.constantFrom(...units),
        fc.constantFrom(...units),
        (value, a, b) => {
          const there = convertValue(value, a, b);
          if (!there.ok) throw new Error(there.reason);
          const back = convertValue(there.value, b, a);
          if (!back.ok) throw new Error(back.reason);
          expect(back.value).toBeCloseTo(value, 6 - Math.max(0, Math.log10(Math.abs(value) + 1)));
        },
      ),
    );
  });
});

describe('storageUnit', () => {
  it('gives every known metric a canonical unit that normalises to itself', () => {
    for (const unit of Object.values(knownMetricUnits)) {
      expect(normalizeUnit(unit)).toEqual({ ok: true, value: unit });
      expect(unitDimension(unit)).toBeDefined();
    }
  });

  it.each([
    ['memory_gib', 'MiB', { unit: 'GiB', mul: 1, div: 1024 }],
    ['memory_gib', '', { unit: 'GiB', mul: 1, div: 1 }],
    ['cpu_cores', 'millicores', { unit: 'cores', mul: 1, div: 1000 }],
    ['cpu_utilization', '%', { unit: '1', mul: 1, div: 100 }],
    ['cpu_utilization', 'ratio', { unit: '1', mul: 1, div: 1 }],
    ['requests_per_second', '{requests}/s', { unit: '1/s', mul: 1, div: 1 }],
    ['egress_gib', 'TiB', { unit: 'GiB', mul: 1024, div: 1 }],
    ['queue_depth', '{messages}', { unit: '{messages}', mul: 1, div: 1 }],
    ['latency', 'ms', { unit: 'ms', mul: 1, div: 1 }],
    ['custom', '', { unit: '1', mul: 1, div: 1 }],
  ])('%s in %j', (metric, unit, expected) => {
    expect(storageUnit(metric, unit)).toEqual({ ok: true, value: expected });
  });

  it.each([
    ['memory_gib', 'cores', /which memory_gib is measured in/],
    ['cpu_cores', '%', /cannot be converted/],
    ['custom', 'parsecs', /unknown unit/],
  ])('%s in %j is refused', (metric, unit, reason) => {
    const result = storageUnit(metric, unit);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toMatch(reason);
  });

  it('never throws on arbitrary strings', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), (metric, unit) => {
        const result = storageUnit(metric, unit);
        expect(typeof result.ok).toBe('boolean');
      }),
    );
  });
});
