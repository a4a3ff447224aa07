import { type OpenAPIHono, z } from '@hono/zod-openapi';
import { costCategories } from '../../domain/cost-category.ts';
import { DomainError } from '../../domain/errors.ts';
import { fiscalYearPeriod } from '../../finance/budget-status.ts';
import { memberStatementsCsv } from '../../finance/member-statements-csv.ts';
import { budgetStatements, createBudgetLine, readBudgetStatus } from '../../finance-service/budget-lines.ts';
import { getBudgetLine, listBudgetLines, type StoredBudgetLine } from '../../store/budget-store.ts';
import { canSee } from '../../tenancy/principal.ts';
import type { AppEnv } from '../app-env.ts';
import { CsvLocaleQuery, csvLocaleOf, csvResponse } from '../csv-response.ts';
import { inTenant, isUuid } from '../in-tenant.ts';
import { securedRoute } from '../route.ts';
import { bodyErrorResponses, errorResponses, IdParam, jsonBody } from '../schemas.ts';
import {
  asOfOf,
  BudgetStatusSchema,
  Currency,
  Day,
  Decimal,
  FiguresSchema,
  moneyJson,
  statusJson,
} from './finance-dto.ts';

const AllocationKeySchema = z
  .object({
    name: z.string().trim().min(1).max(200).openapi({ example: 'Einwohner 31.12.2025' }),
    basis: z.enum(['inhabitants', 'usage', 'fixed']),
    shares: z
      .array(
        z
          .object({
            memberId: z.string().min(1).max(100),
            memberName: z.string().min(1).max(200),
            weight: Decimal,
          })
          .strict(),
      )
      .min(1)
      .max(500),
  })
  .strict();

const NewBudgetSchema = z
  .object({
    name: z.string().trim().min(1).max(300).openapi({ example: 'IT-Betrieb Bürgerdienste' }),
    fiscalYear: z.number().int().min(2000).max(2200),
    fiscalYearStartMonth: z.number().int().min(1).max(12).optional(),
    amount: Decimal,
    currency: Currency.optional(),
    serviceIds: z.array(z.string()).max(500),
    categories: z.array(z.enum(costCategories)).min(1).max(5).optional(),
    allocationKey: AllocationKeySchema.optional(),
    alerts: z
      .object({ thresholds: z.array(z.number().int().min(1).max(1000)).max(20) })
      .strict()
      .optional(),
  })
  .strict()
  .openapi('NewBudget');

/** A budget line as the API answers it (tests check answers against it). */
export const BudgetSchema = z
  .looseObject({
    id: z.string(),
    name: z.string(),
    fiscalYear: z.number().int(),
    fiscalYearStartMonth: z.number().int().optional(),
    amount: z.string().openapi({ description: 'Decimal to the cent', example: '250000.00' }),
    currency: z.string(),
    period: z.object({ start: z.string(), end: z.string() }),
    serviceIds: z.array(z.string()),
    categories: z.array(z.enum(costCategories)),
    allocationKey: z
      .object({
        id: z.string(),
        name: z.string(),
        basis: z.enum(['inhabitants', 'usage', 'fixed']),
        shares: z.array(z.object({ memberId: z.string(), memberName: z.string(), weight: z.string() })),
      })
      .nullable(),
    alertThresholds: z.array(z.number().int()),
    createdAt: z.string(),
  })
  .openapi('Budget');

function budgetDto(line: StoredBudgetLine) {
  return moneyJson({
    ...line,
    currency: line.amount.currency,
    period: fiscalYearPeriod(line.fiscalYear, line.fiscalYearStartMonth ?? 1),
    categories: line.categories ?? [...costCategories],
  }) as z.infer<typeof BudgetSchema>;
}

function visibleBudget(
  c: { get(key: 'principal'): import('../../tenancy/principal.ts').Principal },
  id: string,
): string {
  // An embed token reaches this only for the budgets it names (the route's `embedReads`).
  if (!isUuid(id) || !canSee(c.get('principal'), 'budget', id))
    throw new DomainError('not-found', `budget ${id} not found`);
  return id;
}

const create = securedRoute('finance', {
  method: 'post',
  path: '/v1/budgets',
  tags: ['budgets'],
  summary: 'Create a fiscal-year budget line (Haushaltsansatz), optionally with an allocation key',
  request: jsonBody(NewBudgetSchema, 'The budget line'),
  responses: {
    201: { description: 'Created', content: { 'application/json': { schema: BudgetSchema } } },
    ...bodyErrorResponses,
  },
});

const list = securedRoute('finance', {
  method: 'get',
  path: '/v1/budgets',
  tags: ['budgets'],
  summary: "The tenant's budget lines",
  responses: {
    200: {
      description: 'Budget lines',
      content: { 'application/json': { schema: z.object({ items: z.array(BudgetSchema) }) } },
    },
    ...errorResponses,
  },
});

const get = securedRoute('finance', {
  method: 'get',
  path: '/v1/budgets/{id}',
  embedReads: 'budget',
  tags: ['budgets'],
  summary: 'One budget line',
  request: { params: IdParam },
  responses: {
    200: { description: 'The budget line', content: { 'application/json': { schema: BudgetSchema } } },
    ...errorResponses,
  },
});

const status = securedRoute('finance', {
  method: 'get',
  path: '/v1/budgets/{id}/status',
  embedReads: 'budget',
  tags: ['budgets'],
  summary: 'Spend to date and projection of the fiscal year, per month, with the thresholds crossed',
  request: { params: IdParam, query: z.object({ asOf: Day.optional() }) },
  responses: {
    200: {
      description: 'The status',
      content: { 'application/json': { schema: BudgetStatusSchema } },
    },
    ...errorResponses,
  },
});

const statements = securedRoute('finance', {
  method: 'get',
  path: '/v1/budgets/{id}/statements',
  embedReads: 'budget',
  tags: ['budgets'],
  summary: "Each member organisation's share of the line's actual costs, per month and service",
  description:
    'Every month and service is rounded to the cent and split by the allocation key (largest remainder), ' +
    'so the members add up to the line, to the cent. `from`/`to` default to the fiscal year up to today.',
  request: {
    params: IdParam,
    query: z.object({
      from: Day.optional(),
      to: Day.optional(),
      format: z.enum(['json', 'csv']).optional(),
      locale: CsvLocaleQuery,
    }),
  },
  responses: {
    200: {
      description: 'Statements per member',
      content: {
        'application/json': { schema: FiguresSchema.openapi('MemberStatements') },
        'text/csv': { schema: z.string() },
      },
    },
    ...errorResponses,
  },
});

/** Budget lines: create, list, read, status, member statements. */
export function registerFinanceBudgets(app: OpenAPIHono<AppEnv>): void {
  app.openapi(create, async (c) => {
    const body = c.req.valid('json');
    const { newId } = c.get('deps');
    const line = await inTenant(c, (tx, tenantId) => createBudgetLine(tx, tenantId, body, newId));
    return c.json(budgetDto(line), 201, { location: `/v1/budgets/${line.id}` });
  });

  app.openapi(list, async (c) => {
    if (c.get('principal').kind !== 'api') return c.json({ items: [] }, 200);
    const lines = await inTenant(c, (tx) => listBudgetLines(tx));
    return c.json({ items: lines.map(budgetDto) }, 200);
  });

  app.openapi(get, async (c) => {
    const id = visibleBudget(c, c.req.valid('param').id);
    const line = await inTenant(c, (tx) => getBudgetLine(tx, id));
    return c.json(budgetDto(line), 200);
  });

  app.openapi(status, async (c) => {
    const id = visibleBudget(c, c.req.valid('param').id);
    const asOf = asOfOf(c.req.valid('query').asOf, c.get('deps').clock);
    const result = await inTenant(c, (tx) => readBudgetStatus(tx, id, asOf));
    return c.json(statusJson(result) as z.infer<typeof BudgetStatusSchema>, 200);
  });

  app.openapi(statements, async (c) => {
    const id = visibleBudget(c, c.req.valid('param').id);
    const query = c.req.valid('query');
    const today = c.get('deps').clock();
    const { line, ...result } = await inTenant(c, (tx) => budgetStatements(tx, id, query, today));
    if (query.format === 'csv') {
      const locale = csvLocaleOf(query.locale, c.req.header('accept-language'));
      return csvResponse(c, memberStatementsCsv(result.statements, locale), `umlage-${id}.csv`);
    }
    return c.json(moneyJson({ budgetId: id, ...result }) as Record<string, unknown>, 200);
  });
}
