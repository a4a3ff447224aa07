import { describe, expect, it } from 'vitest';
import { loadFixtureCatalog } from '../cost/test-catalog.ts';
import { buildPlan } from './build-plan.ts';
import { electionDemand, testModel } from './plan-fixtures.ts';
import { toJson } from './plan-json.ts';
import { planSummary } from './plan-summary.ts';

describe('planSummary', () => {
  it('reads type, counts, cost range and savings from a plan', () => {
    const bundle = loadFixtureCatalog();
    const plan = buildPlan({
      demand: electionDemand(2),
      model: testModel,
      catalogs: bundle.catalogs.filter((c) => c.provider === 'hetzner'),
      pricing: { vat: 'gross', fx: bundle.fxRates },
    });
    const summary = planSummary(toJson(plan));
    expect(summary.instanceType).toBe(`hetzner/${plan.instanceType.name}`);
    expect(summary.peakInstances).toBe(Math.max(...plan.steps.map((s) => s.count)));
    expect(summary.minInstances).toBe(testModel.minInstances);
    expect(summary.peakFrom).toMatch(/^2027-09-26T/);
    expect(summary.cost.currency).toBe('EUR');
    const staticPeak = summary.savings.find((s) => s.kind === 'static-peak');
    expect(Number(staticPeak?.saving.planning)).toBeGreaterThan(0);
  });

  it.each([undefined, null, {}, { steps: [] }])('answers an empty summary for %j', (value) => {
    expect(planSummary(value)).toMatchObject({ steps: 0, peakInstances: 0, peakFrom: null, savings: [] });
  });
});
