import { describe, expect, it } from 'vitest';
import { testCatalog, testType } from '../cost/cost-fixtures.ts';
import { money } from '../domain/money.ts';
import { electionDemand, HOUR, testModel } from './plan-fixtures.ts';
import { rightsize } from './rightsize.ts';

const demand = electionDemand(1, 1);

describe('rightsize', () => {
  it('picks the cheapest type that meets the demand and lists the runners-up in order', () => {
    const catalog = testCatalog({
      types: [
        testType('s2', 2, '0.10'),
        testType('m4', 4, '0.09'),
        testType('l8', 8, '0.40'),
        testType('xl16', 16, '0.90'),
      ],
    });
    const result = rightsize({
      start: demand.start,
      stepMs: HOUR,
      series: demand.planning,
      model: testModel,
      catalogs: [catalog],
    });
    expect(result.best?.type.name).toBe('m4');
    expect(result.runnersUp.map((c) => c.type.name)).toEqual(['s2', 'l8', 'xl16']);
    const costs = [result.best!, ...result.runnersUp].map((c) => c.computeCost.nanos);
    expect(costs).toEqual([...costs].sort((a, b) => (a < b ? -1 : 1)));
  });

  it('lists types that cannot meet the peak and types it cannot size', () => {
    const catalog = testCatalog({ types: [testType('tiny', 1, '0.01'), testType('big', 8, '0.4')] });
    const model = { ...testModel, maxInstances: 3, perVcpu: undefined, capacityPerType: { tiny: 10 } };
    const result = rightsize({
      start: demand.start,
      stepMs: HOUR,
      series: demand.planning,
      model,
      catalogs: [catalog],
    });
    expect(result.best).toBeUndefined();
    expect(result.infeasible).toEqual([
      { provider: 'test', instanceType: 'tiny', needed: 29, maxInstances: 3 },
    ]);
    expect(result.unsized).toEqual(['test/big']);
  });

  it('breaks cost ties by provider and name, so the order is always the same', () => {
    const a = testCatalog({ provider: 'b', types: [testType('x', 2, '0.1', { provider: 'b' })] });
    const b = testCatalog({
      provider: 'a',
      types: [testType('y', 2, '0.1', { provider: 'a' }), testType('x', 2, '0.1', { provider: 'a' })],
    });
    const result = rightsize({
      start: demand.start,
      stepMs: HOUR,
      series: demand.planning,
      model: testModel,
      catalogs: [a, b],
    });
    expect([result.best!, ...result.runnersUp].map((c) => `${c.type.provider}/${c.type.name}`)).toEqual([
      'a/x',
      'a/y',
      'b/x',
    ]);
  });

  it('applies a monthly cap when ranking', () => {
    const capped = testType('capped', 2, '0.10', { monthlyCap: money('1', 'EUR') });
    const plain = testType('plain', 2, '0.05');
    const flat = Array(24 * 30).fill(100);
    const result = rightsize({
      start: Date.UTC(2027, 3, 1),
      stepMs: HOUR,
      series: flat,
      model: testModel,
      catalogs: [testCatalog({ types: [plain, capped] })],
    });
    expect(result.best?.type.name).toBe('capped');
    expect(result.best?.computeCost).toEqual(money('2', 'EUR'));
  });
});
