import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { testCatalog } from '../cost/cost-fixtures.ts';
import type { PriceCatalog } from '../cost/price-catalog.ts';
import { loadFixtureCatalog } from '../cost/test-catalog.ts';
import { DomainError } from '../domain/errors.ts';
import { formatMoney, money } from '../domain/money.ts';
import { buildPlan, type PlanInput } from './build-plan.ts';
import { electionDemand, HOUR, testModel } from './plan-fixtures.ts';

const bundle = loadFixtureCatalog();
const catalogs = (...ids: string[]): PriceCatalog[] =>
  bundle.catalogs.filter((c) => ids.includes(c.provider));

/** A one-provider catalog in the parsed form, so the plan runs its whole pipeline in the tests. */
function tenantCatalog(): PriceCatalog {
  const base = testCatalog();
  const price = (amount: ReturnType<typeof money>) => ({
    amount,
    basis: 'net' as const,
    basisText: 'net',
    unit: 'EUR/hour',
    sources: ['T'],
    validOn: '2027-01-01',
    validFrom: '2027-01-01',
    confidence: undefined,
    note: undefined,
  });
  return {
    provider: 'rz',
    name: 'RZ',
    region: 'Nord',
    version: 'test',
    sourceKeys: ['T'],
    instanceTypes: [
      ['s2', 2, '0.10'],
      ['m4', 4, '0.18'],
      ['l8', 8, '0.34'],
    ].map(([name, vcpu, hourly]) => ({
      name: name as string,
      vcpu: vcpu as number,
      memoryGib: (vcpu as number) * 4,
      cpu: undefined,
      arch: undefined,
      hourly: price(money(hourly as string, 'EUR')),
      monthly: undefined,
      hoursPerMonth: 730,
      monthlyCap: undefined,
      commitments: [
        {
          term: '1y' as const,
          price: price(money('0.06', 'EUR')),
          per: 'hour' as const,
          hoursPerMonth: 730,
          proxyRegion: undefined,
        },
      ],
    })),
    blockStorage: base.blockStorage.map((s) => ({
      ...s,
      perUnitMonth: price(s.perUnitMonth!),
      baseMonthly: undefined,
    })),
    objectStorage: base.objectStorage.map((s) => ({
      ...s,
      perUnitMonth: price(s.perUnitMonth!),
      baseMonthly: undefined,
    })),
    egress: {
      sizeUnit: 'GiB',
      tiers: base.egress!.tiers.map((t) => ({
        fromUnits: t.fromUnits,
        toUnits: t.toUnits,
        price: price(t.perUnit),
      })),
      freeUnitsPerMonth: 10,
      freeUnitsPerInstanceMonth: 0,
    },
    missing: [],
    caveats: [],
  };
}

const fx = bundle.fxRates;
const electionInput = (extra: Partial<PlanInput> = {}): PlanInput => ({
  demand: electionDemand(),
  model: testModel,
  catalogs: catalogs('hetzner', 'stackit', 'aws', 'gcp', 'ionos', 'azure', 'otc'),
  pricing: { vat: 'gross', fx },
  resources: {
    blockGib: 200,
    egressGib: 3,
    backup: { policy: { retentionDays: 28, dailyChangeRate: 0.05 }, targetProvider: 'stackit' },
  },
  ...extra,
});

describe('buildPlan for an election on the real catalog', () => {
  const plan = buildPlan(electionInput());

  it('scales up before the peak, down after it, and prices the range in EUR gross', () => {
    const peak = plan.steps.reduce((a, b) => (b.count > a.count ? b : a));
    expect(peak.reason).toContain('during “Bundestagswahl”');
    expect(peak.from).toBeLessThan(electionDemand().start + (13 * 24 + 8) * HOUR);
    expect(plan.steps[plan.steps.indexOf(peak) + 1]?.reason).toMatch(/^Scale down/);
    expect(plan.pricing).toMatchObject({ currency: 'EUR', vat: 'gross', fxDate: '2027-09-13' });
    expect(plan.cost.p50.total.nanos).toBeLessThanOrEqual(plan.cost.planning.total.nanos);
    expect(plan.rightsizing.best?.type.name).toBe(plan.instanceType.name);
    expect(plan.rightsizing.runnersUp).toHaveLength(5);
  });

  it('shows the saving against static peak sizing', () => {
    const staticPeak = plan.alternatives.find((a) => a.kind === 'static-peak')!;
    expect(staticPeak.differenceToPayg.planning.nanos).toBeGreaterThan(0n);
    expect(formatMoney(staticPeak.cost.planning)).toMatch(/^\d+\.\d\d$/);
  });

  it('records the catalogs and sources it priced from', () => {
    expect(plan.pricing.catalogs.find((c) => c.provider === 'hetzner')?.sources).toContain('WATSON');
    expect(plan.unpriced.every((line) => line.startsWith(`${plan.instanceType.provider}:`))).toBe(true);
  });

  it('offers the committed baseline where the catalog has commitments', () => {
    const gcp = buildPlan(electionInput({ instanceType: { provider: 'gcp', name: 'e2-standard-2' } }));
    const committed = gcp.alternatives.filter((a) => a.kind === 'committed-baseline');
    expect(committed.map((a) => a.label)).toEqual([
      'Committed baseline (1y) plus on-demand burst',
      'Committed baseline (3y) plus on-demand burst',
    ]);
    expect(committed[0]?.warnings).toContain(
      "the commitment binds for 1y; only the horizon's share is shown",
    );
    expect(gcp.pricing.fxRate).toContain('1.1133');
  });
});

describe('buildPlan alternatives', () => {
  const hardware = {
    capexPerServer: money('18000', 'EUR'),
    lifeYears: 5,
    opexPerServerYear: money('2500', 'EUR'),
    capacityPerServer: 1500,
    basis: 'gross' as const,
  };

  it('prices today’s size and own hardware, each with its difference to pay-as-you-go', () => {
    const plan = buildPlan(
      electionInput({
        current: { provider: 'hetzner', instanceType: 'CX43', count: 4 },
        ownHardware: hardware,
      }),
    );
    const kinds = plan.alternatives.map((a) => a.kind);
    expect(kinds).toEqual([
      'static-peak',
      'current-size',
      'committed-baseline',
      'committed-baseline',
      'own-hardware',
    ]);
    for (const alternative of plan.alternatives) {
      expect(alternative.differenceToPayg.p50.nanos).toBe(
        alternative.cost.p50.nanos - plan.cost.p50.total.nanos,
      );
      expect(alternative.differenceToPayg.planning.nanos).toBe(
        alternative.cost.planning.nanos - plan.cost.planning.total.nanos,
      );
    }
    expect(plan.alternatives[1]?.warnings[0]).toMatch(/^too small for the planning demand in \d+ h/);
    expect(plan.alternatives[2]?.description).toMatch(/^\d+ × (gcp|azure)\/\S+ committed for 1y/);
    expect(plan.alternatives[4]?.description).toMatch(/^2–3 servers \(incl\. 1 spare\)/);
  });

  it('asks for own-hardware figures in the plan currency', () => {
    const plan = buildPlan(
      electionInput({ ownHardware: { ...hardware, capexPerServer: money('1', 'USD') } }),
    );
    expect(plan.alternatives.map((a) => a.kind)).not.toContain('own-hardware');
    expect(plan.warnings).toContain('own hardware: enter the figures in EUR');
  });
});

describe('buildPlan input errors', () => {
  it.each([
    ['an unknown pinned type', { instanceType: { provider: 'hetzner', name: 'CX99' } }, '/instanceType'],
    ['a short storage series', { resources: { blockGib: [1, 2, 3] } }, '/resources/blockGib'],
    ['a negative egress value', { resources: { egressGib: -1 } }, '/resources/egressGib'],
    [
      'a backup target not chosen',
      {
        resources: {
          blockGib: 1,
          backup: { policy: { retentionDays: 7, dailyChangeRate: 0 }, targetProvider: 'x' },
        },
      },
      '/resources/backup/targetProvider',
    ],
    [
      'an impossible maximum',
      { model: { ...testModel, minInstances: 1, maxInstances: 1 } },
      '/model/maxInstances',
    ],
    ['no catalogs', { catalogs: [] }, '/catalogs'],
    ['a bad fx date', { pricing: { vat: 'gross', fx, on: '1.1.2027' } }, '/pricing/on'],
    ['a zero price factor', { pricing: { vat: 'gross', fx, priceFactor: '0' } }, '/pricing/priceFactor'],
    [
      'a change rate above 1',
      { resources: { blockGib: 1, backup: { policy: { retentionDays: 7, dailyChangeRate: 2 } } } },
      '/resources/backup/policy/dailyChangeRate',
    ],
    [
      'no retention',
      { resources: { blockGib: 1, backup: { policy: { retentionDays: 0, dailyChangeRate: 0 } } } },
      '/resources/backup/policy/retentionDays',
    ],
    [
      'a fractional current count',
      { current: { provider: 'hetzner', instanceType: 'CX33', count: 1.5 } },
      '/current/count',
    ],
    [
      'a hardware life of 0',
      {
        ownHardware: {
          capexPerServer: money('1', 'EUR'),
          opexPerServerYear: money('1', 'EUR'),
          lifeYears: 0,
          capacityPerServer: 1,
          basis: 'net',
        },
      },
      '/ownHardware/lifeYears',
    ],
    [
      'an empty horizon',
      { demand: { ...electionDemand(), p50: [], planning: [], events: [] } },
      '/demand/p50',
    ],
  ])('rejects %s', (_name, change, pointer) => {
    try {
      buildPlan(electionInput(change as Partial<PlanInput>));
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(DomainError);
      expect((error as DomainError).errors.map((e) => e.pointer)).toContain(pointer);
    }
  });
});

describe('plan invariants (property)', () => {
  const start = Date.UTC(2027, 0, 25);
  const series = fc.array(fc.double({ min: 0, max: 3000, noNaN: true }), {
    minLength: 1,
    maxLength: 24 * 10,
  });
  const models = fc.record({
    lead: fc.integer({ min: 0, max: 6 }),
    delay: fc.integer({ min: 0, max: 6 }),
    minStep: fc.integer({ min: 0, max: 8 }),
    min: fc.integer({ min: 0, max: 3 }),
  });
  const input = (
    p50: number[],
    planning: number[],
    m: { lead: number; delay: number; minStep: number; min: number },
  ): PlanInput => ({
    demand: { start, stepMs: HOUR, p50, planning, quantile: 0.95 },
    model: {
      ...testModel,
      minInstances: m.min,
      maxInstances: 10_000,
      leadTimeMs: m.lead * HOUR,
      scaleDownDelayMs: m.delay * HOUR,
      minStepMs: m.minStep * HOUR,
    },
    catalogs: [tenantCatalog()],
    pricing: { vat: 'gross', fx },
    resources: {
      blockGib: p50.map((v) => v / 10),
      egressGib: { p50: p50.map((v) => v / 100), planning: planning.map((v) => v / 100) },
      backup: { policy: { retentionDays: 14, dailyChangeRate: 0.02 } },
    },
  });

  it('covers the planning quantile in every step, and the costs add up to the totals exactly', () => {
    fc.assert(
      fc.property(series, models, (planning, m) => {
        const p50 = planning.map((v) => v * 0.6);
        const plan = buildPlan(input(p50, planning, m));
        const perInstance = plan.instanceType.capacity * testModel.targetUtilisation;
        for (const step of plan.steps) {
          for (let i = step.startIndex; i < step.endIndex; i++) {
            expect(step.count * perInstance).toBeGreaterThanOrEqual(planning[i]! * (1 - 1e-9));
          }
        }
        for (const [steps, totals] of [
          [plan.steps, plan.cost.planning],
          [plan.p50Steps, plan.cost.p50],
        ] as const) {
          const sum = (key: 'compute' | 'storage' | 'egress' | 'backup' | 'total') =>
            steps.reduce((total, s) => total + s.cost[key].nanos, 0n);
          expect(sum('compute') + sum('storage') + sum('egress') + sum('backup')).toBe(sum('total'));
          expect(sum('total')).toBe(totals.total.nanos);
          expect(
            totals.compute.nanos + totals.storage.nanos + totals.egress.nanos + totals.backup.nanos,
          ).toBe(totals.total.nanos);
        }
      }),
      { numRuns: 100 },
    );
  });

  it('a higher quantile never gives a cheaper plan', () => {
    fc.assert(
      fc.property(
        series,
        models,
        fc.array(fc.double({ min: 0, max: 500, noNaN: true }), { maxLength: 240 }),
        (planning, m, extra) => {
          const p50 = planning.map((v) => v * 0.6);
          const higher = planning.map((v, i) => v + (extra[i] ?? 0));
          const low = buildPlan(input(p50, planning, m));
          const high = buildPlan({
            ...input(p50, higher, m),
            demand: { start, stepMs: HOUR, p50, planning: higher, quantile: 0.99 },
          });
          expect(high.cost.planning.total.nanos).toBeGreaterThanOrEqual(low.cost.planning.total.nanos);
          expect(high.cost.planning.compute.nanos).toBeGreaterThanOrEqual(low.cost.planning.compute.nanos);
        },
      ),
      { numRuns: 100 },
    );
  });

  it('is deterministic', () => {
    fc.assert(
      fc.property(series, models, (planning, m) => {
        const p50 = planning.map((v) => v * 0.6);
        expect(buildPlan(input(p50, planning, m))).toEqual(buildPlan(input(p50, planning, m)));
      }),
      { numRuns: 15 },
    );
  });
});
