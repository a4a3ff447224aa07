import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadFixtureCatalog } from '../cost/test-catalog.ts';
import { money } from '../domain/money.ts';
import { buildPlan, type PlanInput } from './build-plan.ts';
import { electionDemand, testModel } from './plan-fixtures.ts';
import { type PlanInputRecord, planInputOf, planInputRecord } from './plan-input-record.ts';
import { toJson } from './plan-json.ts';

const bundle = loadFixtureCatalog();
const catalogs = bundle.catalogs.filter((c) => ['hetzner', 'stackit'].includes(c.provider));
const ids = catalogs.map((c) => `builtin:${c.provider}:${c.version}`);
const request = {
  serviceId: 's',
  horizon: 'P7D',
  providers: ['hetzner', 'stackit'],
  quantile: 0.95,
  at: '2027-09-13T00:00:00.000Z',
};
const spec = {
  driverMetric: 'requests_per_second',
  targetUtilisation: 0.7,
  minInstances: 2,
  maxInstances: 40,
  leadTime: 'PT2H',
  scaleDownDelay: 'PT3H',
  minStep: 'PT4H',
  quantile: 0.95,
};

function input(scale: number, quantile: number): PlanInput {
  const demand = electionDemand(1);
  return {
    demand: {
      ...demand,
      quantile,
      p50: demand.p50.map((v) => v * scale * (1 + Math.sin(v) / 7)),
      planning: demand.planning.map((v) => v * scale * 1.000001),
    },
    model: { ...testModel, quantile },
    catalogs,
    pricing: { vat: 'gross', fx: bundle.fxRates },
    resources: {
      blockGib: 40.5,
      egressGib: 0.125,
      backup: { policy: { retentionDays: 14, dailyChangeRate: 0.03 }, targetProvider: 'stackit' },
    },
    current: { provider: 'hetzner', instanceType: 'CX33', count: 3 },
    ownHardware: {
      capexPerServer: money('9000.123456789', 'EUR'),
      opexPerServerYear: money('1800', 'EUR'),
      lifeYears: 5,
      capacityPerServer: 400,
      basis: 'net',
    },
  };
}

describe('planInputRecord', () => {
  it('survives JSON and gives the same plan to the nano-euro (property)', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.01, max: 20, noNaN: true }),
        fc.constantFrom(0.8, 0.9, 0.95, 0.99),
        (scale, q) => {
          const original = input(scale, q);
          const record = planInputRecord(original, ids, request, spec, []);
          const stored = JSON.parse(JSON.stringify(record)) as PlanInputRecord;
          expect(stored.catalogIds).toEqual(ids);
          expect(toJson(buildPlan(planInputOf(stored, catalogs)))).toEqual(toJson(buildPlan(original)));
        },
      ),
      { numRuns: 8 },
    );
  });

  it('stores money as decimal text and no catalogs', () => {
    const record = planInputRecord(input(1, 0.95), ids, request, spec, []);
    expect(record.ownHardware).toMatchObject({ capexPerServer: '9000.123456789', currency: 'EUR' });
    expect(record).not.toHaveProperty('catalogs');
  });
});
