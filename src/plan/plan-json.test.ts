import { describe, expect, it } from 'vitest';
import { loadFixtureCatalog } from '../cost/test-catalog.ts';
import { money, parseDecimal } from '../domain/money.ts';
import { buildPlan } from './build-plan.ts';
import { electionDemand, testModel } from './plan-fixtures.ts';
import { toJson } from './plan-json.ts';

describe('toJson', () => {
  it.each([
    [money('12.5', 'EUR'), { amount: '12.500000000', currency: 'EUR' }],
    [money('-0.000000001', 'EUR'), { amount: '-0.000000001', currency: 'EUR' }],
    [Int32Array.from([1, 2]), [1, 2]],
    [
      { a: undefined, b: Number.NaN, c: 5n },
      { b: null, c: '5' },
    ],
    [
      { from: Date.UTC(2027, 0, 1), start: 5 },
      { from: 1798761600000, fromIso: '2027-01-01T00:00:00.000Z', start: 5 },
    ],
  ])('%o', (value, expected) => {
    expect(toJson(value)).toEqual(expected);
  });

  it('turns a whole plan into JSON whose step totals still add up exactly', () => {
    const bundle = loadFixtureCatalog();
    const plan = buildPlan({
      demand: electionDemand(1),
      model: testModel,
      catalogs: bundle.catalogs,
      pricing: { vat: 'gross', fx: bundle.fxRates },
      resources: { blockGib: 100, egressGib: 1 },
    });
    const json = JSON.parse(JSON.stringify(toJson(plan))) as {
      steps: { cost: { total: { amount: string } } }[];
      cost: { planning: { total: { amount: string } } };
    };
    const sum = json.steps.reduce((total, step) => total + parseDecimal(step.cost.total.amount), 0n);
    const credits = plan.cost.capCredits.reduce((total, c) => total + c.amount.nanos, 0n);
    expect(sum + credits).toBe(parseDecimal(json.cost.planning.total.amount));
  });
});
