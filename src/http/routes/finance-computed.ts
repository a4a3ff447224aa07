import { type OpenAPIHono, z } from '@hono/zod-openapi';
import type { UsageCostResult } from '../../finance/usage-cost.ts';
import { computeUsageCosts, MAX_COMPUTE_DAYS } from '../../finance-service/compute-usage-costs.ts';
import type { AppEnv } from '../app-env.ts';
import { inTenant } from '../in-tenant.ts';
import { securedRoute } from '../route.ts';
import { bodyErrorResponses, jsonBody } from '../schemas.ts';
import { Day, exactMoney } from './finance-dto.ts';

const ComputeRequest = z
  .object({ from: Day, to: Day })
  .openapi('ComputeCostsRequest', { example: { from: '2026-11-01', to: '2026-11-30' } });

const ComputeResult = z
  .object({
    from: z.string(),
    to: z.string(),
    days: z.number().int(),
    services: z.array(
      z.object({
        serviceId: z.string(),
        key: z.string(),
        records: z.number().int(),
        total: z.string(),
        sources: z.array(z.string()),
      }),
    ),
    skipped: z.array(z.object({ serviceId: z.string(), key: z.string(), reason: z.string() })),
    records: z.number().int(),
    total: z.string(),
    currency: z.string(),
    warnings: z.array(z.string()),
  })
  .openapi('ComputeCostsResult');

const compute = securedRoute('finance', {
  method: 'post',
  path: '/v1/costs/compute',
  tags: ['costs'],
  summary: 'Compute the compute cost of every service per day from its plan or current size',
  description:
    'For each UTC day from `from` to `to` (both included, at most ' +
    `${MAX_COMPUTE_DAYS} days) and each service: the instance-hours of the latest approved plan ` +
    "whose steps cover the hour, else of the capacity model's `current` size, priced with the " +
    'catalog valid on the day (tenant currency and VAT basis); where the provider bills hourly up ' +
    'to a monthly cap, an instance costs nothing more once its month has reached the cap. ' +
    'One record per day and service, ' +
    'category compute, source computed; computing the days again replaces their computed records ' +
    'and never touches imported ones. Amounts are exact (up to 9 decimals).',
  request: jsonBody(ComputeRequest, 'The days to compute'),
  responses: {
    200: {
      description: 'What was booked, per service, and the services skipped and why',
      content: { 'application/json': { schema: ComputeResult } },
    },
    ...bodyErrorResponses,
  },
});

/** What was booked, for the wire: totals with all their digits. */
function computeDto(result: UsageCostResult): z.infer<typeof ComputeResult> {
  return {
    from: result.from,
    to: result.to,
    days: result.days,
    services: result.services.map((s) => ({
      serviceId: s.serviceId,
      key: s.key,
      records: s.records,
      total: exactMoney(s.total),
      sources: [...s.sources],
    })),
    skipped: [...result.skipped],
    records: result.records,
    total: exactMoney(result.total),
    currency: result.total.currency,
    warnings: [...result.warnings],
  };
}

/** POST /v1/costs/compute. */
export function registerFinanceComputed(app: OpenAPIHono<AppEnv>): void {
  app.openapi(compute, async (c) => {
    const range = c.req.valid('json');
    const result = await inTenant(c, (tx, tenantId) => computeUsageCosts(tx, tenantId, range));
    return c.json(computeDto(result), 200);
  });
}
