import { describe, expect, it } from 'vitest';
import { loadFixtureCatalog } from '../cost/test-catalog.ts';
import type { DomainError } from '../domain/errors.ts';
import type { PlanInput } from './build-plan.ts';
import { electionDemand, HOUR, testModel } from './plan-fixtures.ts';
import { scenario, upliftEvents } from './scenario.ts';

const bundle = loadFixtureCatalog();
const input: PlanInput = {
  demand: electionDemand(),
  model: testModel,
  catalogs: bundle.catalogs.filter((c) => ['hetzner', 'stackit', 'aws'].includes(c.provider)),
  pricing: { vat: 'gross', fx: bundle.fxRates },
};

describe('upliftEvents', () => {
  const start = 0;
  const event = [{ name: 'Wahl', start: 2 * HOUR, end: 3 * HOUR }];

  it.each([
    [[10, 10, 40], 2, [10, 10, 70]],
    [[10, 10, 40], 1, [10, 10, 40]],
    [[10, 10, 40], 0, [10, 10, 10]],
    [[10, 10, 5], 3, [10, 10, 0]],
    [[10, 10, 8], 2, [10, 10, 6]],
  ])('%j × %f → %j (baseline: median outside)', (series, k, expected) => {
    expect(upliftEvents(series, start, HOUR, event, k)).toEqual(expected);
  });

  it('takes the same hour a week before as the baseline', () => {
    const series = Array(24 * 8).fill(10);
    series[24 * 7 + 5] = 100;
    series[5] = 20;
    const week = [{ name: 'Frist', start: (24 * 7 + 5) * HOUR, end: (24 * 7 + 6) * HOUR }];
    expect(upliftEvents(series, 0, HOUR, week, 2)[24 * 7 + 5]).toBe(20 + 2 * 80);
  });
});

describe('scenario', () => {
  it('doubles the event uplift: more instances at the peak, dearer, base unchanged', () => {
    const result = scenario(input, { eventUplift: 2 });
    const peak = (plan: typeof result.base) =>
      Math.max(...plan.steps.map((s) => s.count)) * plan.instanceType.capacity;
    expect(peak(result.scenario)).toBeGreaterThan(peak(result.base));
    expect(result.difference.planning.nanos).toBeGreaterThan(0n);
    expect(result.applied).toEqual(['event uplift × 2 for “Bundestagswahl”']);
  });

  it('prices a price change on the same type exactly in compute', () => {
    const pinned = { ...input, instanceType: { provider: 'hetzner', name: 'CX33' } };
    const result = scenario(pinned, { priceChangePct: 10 });
    const base = result.base.cost.planning.compute.nanos;
    const changed = result.scenario.cost.planning.compute.nanos;
    expect(Number(changed - (base * 11n) / 10n)).toBeLessThanOrEqual(
      Number(BigInt(result.base.steps.length)),
    );
    expect(result.applied).toEqual(['all prices +10 %']);
  });

  it('grows demand over the horizon and plans on another provider', () => {
    const grown = scenario(input, { growthPerYearPct: 1000 });
    expect(grown.difference.planning.nanos).toBeGreaterThanOrEqual(0n);
    const moved = scenario(input, { provider: 'aws' });
    expect(moved.scenario.instanceType.provider).toBe('aws');
    expect(moved.scenario.pricing.fxRate).toContain('USD');
  });

  it.each([
    [{ provider: 'nope' }, '/provider'],
    [{ priceChangePct: -100 }, '/priceChangePct'],
    [{ growthPerYearPct: -150 }, '/growthPerYearPct'],
    [{ eventUplift: -1 }, '/eventUplift'],
  ])('rejects %j', (change, pointer) => {
    try {
      scenario(input, change);
      expect.unreachable();
    } catch (error) {
      expect((error as DomainError).errors[0]?.pointer).toBe(pointer);
    }
  });
});
