import { describe, expect, it } from 'vitest';
import { money } from '../domain/money.ts';
import { backupOf, type CapacitySpec, capacityModelOf, durationMs, ownHardwareOf } from './capacity-spec.ts';

const spec: CapacitySpec = {
  driverMetric: 'requests_per_second',
  perVcpu: 2,
  targetUtilisation: 0.6,
  minInstances: 2,
  maxInstances: 40,
  leadTime: 'PT2H',
  scaleDownDelay: 'PT12H',
  minStep: 'P1D',
  quantile: 0.95,
};

describe('durationMs', () => {
  it.each([
    ['PT2H', 7_200_000],
    ['P1D', 86_400_000],
    ['PT0H', 0],
    ['P0D', 0],
    ['PT0S', 0],
    ['PT90M', 5_400_000],
  ])('%s is %d ms', (text, ms) => {
    const errors: { pointer: string; detail: string }[] = [];
    expect(durationMs(text, '/x', errors)).toBe(ms);
    expect(errors).toEqual([]);
  });

  it.each(['', '2h', 'P', 'PT', 'soon', '-PT1H'])('reports %j at the pointer', (text) => {
    const errors: { pointer: string; detail: string }[] = [];
    durationMs(text, '/leadTime', errors);
    expect(errors.map((e) => e.pointer)).toEqual(text === '2h' ? [] : ['/leadTime']);
  });
});

describe('capacityModelOf', () => {
  it('turns durations into milliseconds', () => {
    expect(capacityModelOf(spec)).toMatchObject({
      leadTimeMs: 7_200_000,
      scaleDownDelayMs: 43_200_000,
      minStepMs: 86_400_000,
    });
  });

  it.each([
    [{ leadTime: 'later' }, '/leadTime'],
    [{ targetUtilisation: 0 }, '/targetUtilisation'],
    [{ quantile: 0.4 }, '/quantile'],
    [{ perVcpu: undefined }, '/capacityPerType'],
    [{ minInstances: 5, maxInstances: 4 }, '/maxInstances'],
  ] as const)('names the spec field for %j', (change, pointer) => {
    expect(() => capacityModelOf({ ...spec, ...change })).toThrow(
      expect.objectContaining({ errors: expect.arrayContaining([expect.objectContaining({ pointer })]) }),
    );
  });
});

describe('ownHardwareOf and backupOf', () => {
  it('reads money as exact decimals in the tenant currency', () => {
    const hw = ownHardwareOf(
      {
        capexPerServer: '9000.10',
        opexPerServerYear: '1800',
        lifeYears: 5,
        capacityPerServer: 48,
        vatBasis: 'net',
      },
      'EUR',
    );
    expect(hw?.capexPerServer).toEqual(money('9000.10', 'EUR'));
    expect(hw?.basis).toBe('net');
    expect(ownHardwareOf(undefined, 'EUR')).toBeUndefined();
  });

  it('keeps only given backup settings', () => {
    expect(backupOf({ retentionDays: 28, dailyChangeRate: 0.05 })).toEqual({
      policy: { retentionDays: 28, dailyChangeRate: 0.05 },
    });
    expect(backupOf(undefined)).toBeUndefined();
  });
});
