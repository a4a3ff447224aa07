import { type OpenAPIHono, z } from '@hono/zod-openapi';
import { costCategories } from '../../domain/cost-category.ts';
import { DomainError } from '../../domain/errors.ts';
import { createGrant, readGrantStatus } from '../../finance-service/grants.ts';
import { getGrant, listGrants, type StoredGrant } from '../../store/grant-store.ts';
import { canSee } from '../../tenancy/principal.ts';
import type { AppEnv } from '../app-env.ts';
import { inTenant, isUuid } from '../in-tenant.ts';
import { securedRoute } from '../route.ts';
import { bodyErrorResponses, errorResponses, IdParam, jsonBody } from '../schemas.ts';
import { asOfOf, Currency, Day, Decimal, GrantStatusSchema, moneyJson, statusJson } from './finance-dto.ts';

const Thresholds = z.array(z.number().int().min(1).max(1000)).max(20);

const NewGrantSchema = z
  .object({
    programme: z.string().trim().min(1).max(300).openapi({ example: 'Digitalisierung Kommunal 2026-2027' }),
    funder: z.string().trim().min(1).max(300).openapi({ example: 'Freistaat Bayern' }),
    referenceNumber: z.string().trim().min(1).max(100).openapi({ example: 'DK-2026-0042' }),
    amount: Decimal,
    currency: Currency.optional(),
    period: z.object({ start: Day, end: Day }).strict(),
    eligibleServiceIds: z.array(z.string()).max(500),
    eligibleCategories: z.array(z.enum(costCategories)).min(1).max(5).optional(),
    coFundingRate: Decimal.openapi({ example: '0.8' }),
    tranches: z
      .array(z.object({ day: Day, amount: Decimal, label: z.string().max(200).optional() }).strict())
      .max(100)
      .optional(),
    ownShareBudgetLineId: z.string().uuid().optional(),
    alerts: z
      .object({ thresholds: Thresholds.optional(), unspentAbove: Decimal.optional() })
      .strict()
      .optional(),
  })
  .strict()
  .openapi('NewGrant');

const GrantSchema = z
  .object({
    id: z.string(),
    programme: z.string(),
    funder: z.string(),
    referenceNumber: z.string(),
    amount: z.string(),
    currency: z.string(),
    period: z.object({ start: z.string(), end: z.string() }),
    eligibleServiceIds: z.array(z.string()),
    eligibleCategories: z.array(z.string()),
    coFundingRate: z.string(),
    tranches: z.array(z.object({ day: z.string(), amount: z.string(), label: z.string().optional() })),
    ownShareBudgetLineId: z.string().nullable(),
    alerts: z.object({ thresholds: z.array(z.number()), unspentAbove: z.string().nullable() }),
    createdAt: z.string(),
  })
  .openapi('Grant');

export function grantDto(grant: StoredGrant): z.infer<typeof GrantSchema> {
  return {
    id: grant.id,
    programme: grant.programme,
    funder: grant.funder,
    referenceNumber: grant.referenceNumber,
    amount: moneyJson(grant.amount) as string,
    currency: grant.amount.currency,
    period: grant.period,
    eligibleServiceIds: [...grant.eligibleServiceIds],
    eligibleCategories: [...grant.eligibleCategories],
    coFundingRate: grant.coFundingRate,
    tranches: grant.tranches.map((t) => ({
      day: t.day,
      amount: moneyJson(t.amount) as string,
      ...(t.label === undefined ? {} : { label: t.label }),
    })),
    ownShareBudgetLineId: grant.ownShareBudgetLineId ?? null,
    alerts: {
      thresholds: [...grant.alertThresholds],
      unspentAbove: grant.unspentAlertAbove ? (moneyJson(grant.unspentAlertAbove) as string) : null,
    },
    createdAt: grant.createdAt.toISOString(),
  };
}

const AsOfQuery = z.object({ asOf: Day.optional() });

const create = securedRoute('finance', {
  method: 'post',
  path: '/v1/grants',
  tags: ['grants'],
  summary: 'Create a grant (Fördermittel)',
  request: jsonBody(NewGrantSchema, 'The grant'),
  responses: {
    201: { description: 'Created', content: { 'application/json': { schema: GrantSchema } } },
    ...bodyErrorResponses,
  },
});

const list = securedRoute('finance', {
  method: 'get',
  path: '/v1/grants',
  tags: ['grants'],
  summary: "The tenant's grants",
  responses: {
    200: {
      description: 'Grants by period start',
      content: { 'application/json': { schema: z.object({ items: z.array(GrantSchema) }) } },
    },
    ...errorResponses,
  },
});

const get = securedRoute('finance', {
  method: 'get',
  path: '/v1/grants/{id}',
  embedReads: 'grant',
  tags: ['grants'],
  summary: 'One grant',
  request: { params: IdParam },
  responses: {
    200: { description: 'The grant', content: { 'application/json': { schema: GrantSchema } } },
    ...errorResponses,
  },
});

const status = securedRoute('finance', {
  method: 'get',
  path: '/v1/grants/{id}/status',
  embedReads: 'grant',
  tags: ['grants'],
  summary:
    'Spend to date, funded and own share, forecast with range, exhaustion or unspent amount, burn-down',
  description:
    'Money as decimal strings to the cent. `projectionSource` says where the forecast comes from: the ' +
    'latest approved plan per service (`plans`), the 30/90-day run rate of the actual costs (`run-rate`), ' +
    'both, or `none`. `alertsCrossed` lists the thresholds crossed as of the day; reading the status changes ' +
    'nothing (the alerts job stores each crossing once and sends its webhook).',
  request: { params: IdParam, query: AsOfQuery },
  responses: {
    200: {
      description: 'The status',
      content: { 'application/json': { schema: GrantStatusSchema } },
    },
    ...errorResponses,
  },
});

function visibleGrant(
  c: { get(key: 'principal'): import('../../tenancy/principal.ts').Principal },
  id: string,
): string {
  // An embed token reaches this only for the grants it names (the route's `embedReads`).
  if (!isUuid(id) || !canSee(c.get('principal'), 'grant', id))
    throw new DomainError('not-found', `grant ${id} not found`);
  return id;
}

/** Grants: create, list, read, status. */
export function registerFinanceGrants(app: OpenAPIHono<AppEnv>): void {
  app.openapi(create, async (c) => {
    const body = c.req.valid('json');
    const { newId } = c.get('deps');
    const grant = await inTenant(c, (tx, tenantId) => createGrant(tx, tenantId, body, newId));
    return c.json(grantDto(grant), 201, { location: `/v1/grants/${grant.id}` });
  });

  app.openapi(list, async (c) => {
    if (c.get('principal').kind !== 'api') return c.json({ items: [] }, 200);
    const grants = await inTenant(c, (tx) => listGrants(tx));
    return c.json({ items: grants.map(grantDto) }, 200);
  });

  app.openapi(get, async (c) => {
    const id = visibleGrant(c, c.req.valid('param').id);
    const grant = await inTenant(c, (tx) => getGrant(tx, id));
    return c.json(grantDto(grant), 200);
  });

  app.openapi(status, async (c) => {
    const id = visibleGrant(c, c.req.valid('param').id);
    const asOf = asOfOf(c.req.valid('query').asOf, c.get('deps').clock);
    const result = await inTenant(c, (tx) => readGrantStatus(tx, id, asOf));
    return c.json(statusJson(result) as z.infer<typeof GrantStatusSchema>, 200);
  });
}
