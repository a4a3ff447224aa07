import { describe, expect, it } from 'vitest';
import { DomainError } from '../domain/errors.ts';
import { type CapacityModel, capacityOf, validateCapacityModel } from './capacity-model.ts';
import { testModel } from './plan-fixtures.ts';

const cx33 = { provider: 'hetzner', name: 'CX33', vcpu: 4, memoryGib: 8 };

describe('capacityOf', () => {
  it.each([
    ['per vCPU', { perVcpu: 50 }, 200],
    ['per GiB', { perVcpu: undefined, perGibMemory: 10 }, 80],
    ['the smaller of both', { perVcpu: 50, perGibMemory: 10 }, 80],
    ['measured by provider/type', { capacityPerType: { 'hetzner/CX33': 333 } }, 333],
    ['measured by type', { capacityPerType: { CX33: 321 } }, 321],
    ['nothing known', { perVcpu: undefined, capacityPerType: { CX23: 1 } }, undefined],
  ] as const)('%s', (_name, change, expected) => {
    expect(capacityOf({ ...testModel, ...change } as CapacityModel, cx33)).toBe(expected);
  });
});

describe('validateCapacityModel', () => {
  it('accepts the test model', () => {
    expect(validateCapacityModel(testModel)).toBe(testModel);
  });

  it.each([
    [{ targetUtilisation: 0 }, '/targetUtilisation'],
    [{ targetUtilisation: 1.2 }, '/targetUtilisation'],
    [{ minInstances: -1 }, '/minInstances'],
    [{ minInstances: 1.5 }, '/minInstances'],
    [{ maxInstances: 1, minInstances: 2 }, '/maxInstances'],
    [{ maxInstances: 2_000_000 }, '/maxInstances'],
    [{ leadTimeMs: -1 }, '/leadTimeMs'],
    [{ minStepMs: Number.NaN }, '/minStepMs'],
    [{ quantile: 1 }, '/quantile'],
    [{ perVcpu: 0 }, '/perVcpu'],
    [{ perVcpu: undefined }, '/capacityPerType'],
    [{ capacityPerType: { 'a/b': -1 } }, '/capacityPerType/a~1b'],
    [{ driverMetric: '' }, '/driverMetric'],
  ])('rejects %j at %s', (change, pointer) => {
    try {
      validateCapacityModel({ ...testModel, ...change });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(DomainError);
      expect((error as DomainError).errors.map((e) => e.pointer)).toContain(pointer);
    }
  });
});
