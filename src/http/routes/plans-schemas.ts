import { z } from '@hono/zod-openapi';

const Id = z.string().openapi({ example: '0193a8f0-7c1e-7a55-9a51-4b7a2f4f1c2d' });
const Decimal = z
  .string()
  .regex(/^\d{1,12}(\.\d{1,9})?$/, 'a decimal like "12000.00" (dot, up to 9 decimals)');
const Duration = z
  .string()
  .max(40)
  .openapi({ example: 'PT2H', description: 'ISO-8601 duration (PT0H allowed)' });
const ProviderId = z.string().regex(/^[a-z0-9][a-z0-9_-]{0,62}$/, 'a provider id like "hetzner"');
const Metric = z.string().min(1).max(200);

export const CatalogSummarySchema = z
  .object({
    id: z.string().openapi({ example: 'builtin:hetzner:2026-11-23' }),
    builtIn: z.boolean(),
    provider: z.string(),
    name: z.string(),
    region: z.string(),
    version: z.string(),
    validOn: z.string().nullable(),
    sourceKeys: z.array(z.string()),
    priceCount: z.number().int(),
    format: z.enum(['json', 'csv']),
    sha256: z.string(),
    createdAt: z.string(),
  })
  .openapi('CatalogSummary');

export const CatalogDetailSchema = CatalogSummarySchema.extend({
  catalog: z.record(z.string(), z.unknown()).openapi({
    description:
      'The parsed catalog: every price with amount, currency, VAT basis, unit, sources and validity',
  }),
}).openapi('Catalog');

export const CatalogImportSchema = z.record(z.string(), z.unknown()).openapi('CatalogImport', {
  description:
    'A catalog in the shape of fixtures/pricing/catalog.json ({generated, sources, providers, fx_rates?}), or {"csv": "<CSV text>"} for the CSV format',
});

export const ExchangeRateSchema = z
  .object({
    base: z.string().regex(/^[A-Z]{3}$/),
    quote: z.string().regex(/^[A-Z]{3}$/),
    rate: z.string().regex(/^\d{1,9}(\.\d{1,12})?$/, 'a positive decimal like "1.1133"'),
    date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD'),
    source: z.string().min(1).max(500),
  })
  .strict()
  .openapi('ExchangeRate');

export const ExchangeRatesSchema = z
  .object({
    builtIn: z.boolean(),
    vatMode: z.enum(['gross', 'net']),
    rates: z.array(ExchangeRateSchema),
    maxAgeDays: z.number().int().openapi({
      description:
        'A rate older than this many days before a charge day is not used (LASTPLAN_FX_MAX_AGE_DAYS): the import refuses the row',
    }),
    reference: z
      .object({
        source: z.string(),
        first: z.string(),
        last: z.string(),
        currencies: z.array(z.string()),
      })
      .openapi({
        description:
          'The ECB euro reference rates built in for every tenant (not listed in `rates`); cost imports fall back to them',
      }),
  })
  .openapi('ExchangeRates');

export const ExchangeRatesPutSchema = z
  .object({ rates: z.array(ExchangeRateSchema).max(10_000) })
  .strict()
  .openapi('ExchangeRatesPut');

export const VatModeSchema = z
  .object({ vatMode: z.enum(['gross', 'net']) })
  .strict()
  .openapi('VatMode');

export const CapacitySpecSchema = z
  .object({
    driverMetric: Metric.openapi({ example: 'requests_per_second' }),
    capacityPerType: z.record(z.string().max(200), z.number().positive()).optional(),
    perVcpu: z.number().positive().optional(),
    perGibMemory: z.number().positive().optional(),
    targetUtilisation: z.number().gt(0).max(1).default(0.7),
    minInstances: z.number().int().min(0).default(1),
    maxInstances: z.number().int().min(1).max(1_000_000).default(100),
    leadTime: Duration.default('PT1H'),
    scaleDownDelay: Duration.default('PT2H'),
    minStep: Duration.default('PT4H'),
    quantile: z.number().gt(0.5).lt(1).default(0.975),
    providers: z.array(ProviderId).min(1).max(50).optional(),
    instanceType: z
      .object({ provider: ProviderId, name: z.string().min(1).max(200) })
      .strict()
      .optional(),
    storage: z
      .object({
        gib: z.number().min(0).optional(),
        metric: Metric.optional(),
        class: z.string().min(1).max(200).optional(),
      })
      .strict()
      .optional(),
    egress: z
      .object({ gibPerHour: z.number().min(0).optional(), metric: Metric.optional() })
      .strict()
      .optional(),
    backup: z
      .object({
        retentionDays: z.number().int().min(1).max(3650),
        dailyChangeRate: z.number().min(0).max(1),
        fullBackupWeekday: z.number().int().min(0).max(6).optional(),
        targetProvider: ProviderId.optional(),
        storageClass: z.string().min(1).max(200).optional(),
      })
      .strict()
      .optional(),
    current: z
      .object({
        provider: ProviderId,
        instanceType: z.string().min(1).max(200),
        count: z.number().int().min(0),
      })
      .strict()
      .optional(),
    ownHardware: z
      .object({
        capexPerServer: Decimal,
        opexPerServerYear: Decimal,
        lifeYears: z.number().positive().max(30),
        capacityPerServer: z.number().positive(),
        spareServers: z.number().int().min(0).optional(),
        vatBasis: z.enum(['net', 'gross']),
      })
      .strict()
      .optional(),
  })
  .strict()
  .openapi('CapacityModel');

export const CapacityModelSchema = CapacitySpecSchema.extend({
  serviceId: z.string(),
  updatedAt: z.string(),
}).openapi('StoredCapacityModel');

export const NewPlanSchema = z
  .object({
    serviceId: z.string().uuid(),
    horizon: z.string().max(40).openapi({ example: 'P42D', description: 'ISO-8601 duration, P7D to P366D' }),
    providers: z.array(ProviderId).min(1).max(50).optional(),
    quantile: z.number().gt(0.5).lt(1).optional(),
  })
  .strict()
  .openapi('NewPlan');

export const PlanSummarySchema = z
  .object({
    id: Id,
    serviceId: z.string(),
    version: z.number().int(),
    status: z.enum(['draft', 'approved']),
    horizon: z.object({ from: z.string(), to: z.string() }),
    quantile: z.number(),
    currency: z.string(),
    cost: z.object({ p50: z.string(), planning: z.string() }).openapi({
      description: 'Total cost over the horizon on P50 and on the planning quantile, decimal text',
    }),
    createdBy: z.string(),
    createdAt: z.string(),
    approvedBy: z.string().nullable(),
    approvedAt: z.string().nullable(),
    approvalComment: z
      .string()
      .nullable()
      .openapi({ description: 'What the approver wrote with the approval' }),
  })
  .openapi('PlanSummary');

const Range = z.object({ p50: z.string(), planning: z.string() });

export const PlanFiguresSchema = z
  .object({
    instanceType: z.string().openapi({ example: 'hetzner/CX23' }),
    quantileLabel: z.string().openapi({ example: '95 % band' }),
    steps: z.number().int(),
    minInstances: z.number().int(),
    peakInstances: z.number().int(),
    peakFrom: z.string().nullable(),
    cost: Range.extend({ currency: z.string() }),
    savings: z.array(z.object({ kind: z.string(), label: z.string(), cost: Range, saving: Range })).openapi({
      description:
        'Per alternative: its cost range and what pay-as-you-go saves against it (negative: costs more)',
    }),
  })
  .openapi('PlanFigures');

export const PlanSchema = PlanSummarySchema.extend({
  summary: PlanFiguresSchema,
  plan: z.record(z.string(), z.unknown()).openapi({
    description:
      'Steps with reasons and cost, P50 steps, cost range by category, rightsizing with runners-up, alternatives with differences, pricing and warnings',
  }),
}).openapi('Plan');

export const PlanListQuery = z.object({
  serviceId: z.string().optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  cursor: z.string().max(512).optional(),
});

export const ScenarioRequestSchema = z
  .object({
    planId: z.string().uuid(),
    eventUplift: z.number().min(0).max(100).optional(),
    growthPerYear: z.number().gt(-100).max(10_000).optional().openapi({ description: 'percent per year' }),
    priceChange: z.number().gt(-100).max(10_000).optional().openapi({ description: 'percent' }),
    provider: ProviderId.optional(),
  })
  .strict()
  .openapi('ScenarioRequest');

export const ScenarioSchema = z
  .object({
    planId: z.string(),
    planVersion: z.number().int(),
    applied: z.array(z.string()),
    difference: z.unknown(),
    base: z.unknown(),
    scenario: z.unknown(),
  })
  .openapi('Scenario');
