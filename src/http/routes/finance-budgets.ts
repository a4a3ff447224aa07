import { type OpenAPIHono, z } from '@hono/zod-openapi';
import { asOfDay, monthOf } from '../../domain/calendar-day.ts';
import { costCategories } from '../../domain/cost-category.ts';
import { DomainError } from '../../domain/errors.ts';
import { money } from '../../domain/money.ts';
import { bookedCosts, bookingRange } from '../../finance/booked-costs.ts';
import { fiscalYearPeriod } from '../../finance/budget-status.ts';
import { budgetAlertSubject, crossedThresholds } from '../../finance/evaluate-alerts.ts';
import { allocateCost, memberStatements, type SharedCostLine } from '../../finance/member-statements.ts';
import { memberStatementsCsv } from '../../finance/member-statements-csv.ts';
import { earlierDay } from '../../finance-service/day-order.ts';
import { loadBudgetStatus } from '../../finance-service/load-spend-status.ts';
import {
  getBudgetLine,
  insertBudgetLine,
  listBudgetLines,
  type StoredBudgetLine,
} from '../../store/budget-store.ts';
import { listCostRecords } from '../../store/cost-record-store.ts';
import { findService } from '../../store/service-store.ts';
import { getCurrentTenant } from '../../store/tenant-store.ts';
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
  dayRange,
  FiguresSchema,
  moneyJson,
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

const BudgetSchema = z.record(z.string(), z.unknown()).openapi('Budget');

function budgetDto(line: StoredBudgetLine) {
  return moneyJson({
    ...line,
    currency: line.amount.currency,
    period: fiscalYearPeriod(line.fiscalYear, line.fiscalYearStartMonth ?? 1),
    categories: line.categories ?? [...costCategories],
  }) as Record<string, unknown>;
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
    const deps = c.get('deps');
    const line = await inTenant(c, async (tx, tenantId) => {
      const tenant = await getCurrentTenant(tx);
      const currency = body.currency ?? tenant.currency.trim();
      if (currency !== tenant.currency.trim()) {
        const detail = `costs are booked in ${tenant.currency}; a budget in ${currency} cannot be compared with them`;
        throw new DomainError('validation', detail, [{ pointer: '/currency', detail }]);
      }
      for (const [index, id] of body.serviceIds.entries()) {
        if (!isUuid(id) || !(await findService(tx, id))) {
          const detail = `no service ${id}`;
          throw new DomainError('validation', detail, [{ pointer: `/serviceIds/${index}`, detail }]);
        }
      }
      const allocationKey = body.allocationKey ? { id: deps.newId(), ...body.allocationKey } : null;
      // Checks the weights now rather than when the first statement is asked for.
      if (allocationKey) allocateCost(money('1', currency), allocationKey);
      return insertBudgetLine(tx, tenantId, {
        id: deps.newId(),
        name: body.name,
        fiscalYear: body.fiscalYear,
        fiscalYearStartMonth: body.fiscalYearStartMonth ?? 1,
        amount: money(body.amount, currency),
        serviceIds: [...new Set(body.serviceIds)],
        ...(body.categories ? { categories: body.categories } : {}),
        allocationKey,
        alertThresholds: body.alerts?.thresholds ?? [50, 80, 100],
      });
    });
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
    const deps = c.get('deps');
    const asOf = asOfOf(c.req.valid('query').asOf, deps.clock);
    const result = await inTenant(c, async (tx) => {
      const line = await getBudgetLine(tx, id);
      return { line, ...(await loadBudgetStatus(tx, line, asOf)) };
    });
    const crossed = crossedThresholds(budgetAlertSubject(result.status), {
      thresholds: result.line.alertThresholds,
    });
    return c.json(
      {
        ...(moneyJson(result.status) as object),
        projectionSource: result.projectionSource,
        planIds: [...result.planIds],
        alertsCrossed: crossed,
        // The documented shape of moneyJson(status); tests/http/finance-status-schema checks it.
      } as z.infer<typeof BudgetStatusSchema>,
      200,
    );
  });

  app.openapi(statements, async (c) => {
    const id = visibleBudget(c, c.req.valid('param').id);
    const query = c.req.valid('query');
    const deps = c.get('deps');
    const { line, range, records } = await inTenant(c, async (tx) => {
      const line = await getBudgetLine(tx, id);
      const period = fiscalYearPeriod(line.fiscalYear, line.fiscalYearStartMonth ?? 1);
      const today = asOfDay(deps.clock());
      const range = dayRange(query.from ?? period.start, query.to ?? earlierDay(today, period.end));
      return { line, range, records: await listCostRecords(tx, bookingRange(range)) };
    });
    if (line.allocationKey === null) {
      throw new DomainError('validation', `budget ${id} has no allocation key to split its costs by`, [
        { pointer: '/allocationKey', detail: 'missing' },
      ]);
    }
    const services = new Set(line.serviceIds);
    const categories = new Set(line.categories ?? costCategories);
    const sums = new Map<string, SharedCostLine>();
    for (const record of bookedCosts(records)) {
      if (record.day < range.from || record.day > range.to) continue;
      if (record.serviceId === null || !services.has(record.serviceId) || !categories.has(record.category))
        continue;
      const key = `${monthOf(record.day)}|${record.serviceId}`;
      const before = sums.get(key);
      sums.set(key, {
        month: monthOf(record.day),
        serviceId: record.serviceId,
        amount: { nanos: (before?.amount.nanos ?? 0n) + record.amount.nanos, currency: line.amount.currency },
      });
    }
    const lines = [...sums.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([, l]) => l);
    const result = memberStatements(lines, line.allocationKey, line.amount.currency);
    if (query.format === 'csv') {
      const locale = csvLocaleOf(query.locale, c.req.header('accept-language'));
      return csvResponse(c, memberStatementsCsv(result.statements, locale), `umlage-${id}.csv`);
    }
    return c.json(
      moneyJson({ budgetId: id, currency: line.amount.currency, ...result }) as Record<string, unknown>,
      200,
    );
  });
}
