import { type OpenAPIHono, z } from '@hono/zod-openapi';
import { importCostFile } from '../../cost-import-service/import-cost-file.ts';
import type { ImportResult, ParseOptions } from '../../cost-import-service/import-costs.ts';
import { replaceMappingRules } from '../../cost-import-service/mapping-rules.ts';
import { DomainError } from '../../domain/errors.ts';
import { rateLabelDe, rateLabelEn } from '../../finance/fx-rate-label.ts';
import { columnWarningText, type PartialTotal } from '../../ingest/focus/column-warning.ts';
import { type MandatoryFocusColumn, mandatoryFocusColumns } from '../../ingest/focus/focus-columns.ts';
import type { ServiceRule } from '../../ingest/focus/map-charge-to-service.ts';
import { listCostImports } from '../../store/cost-import-store.ts';
import { getMappingRules } from '../../store/cost-mapping-store.ts';
import type { AppEnv } from '../app-env.ts';
import { inTenant, inTenantAlone, inTenantWork } from '../in-tenant.ts';
import { withExpensiveSlot } from '../rate-limit.ts';
import { securedRoute } from '../route.ts';
import { bodyErrorResponses, errorResponses, jsonBody } from '../schemas.ts';
import { exactMoney, moneyJson } from './finance-dto.ts';

const PartialTotalSchema = z
  .object({
    amount: z
      .string()
      .nullable()
      .openapi({ description: 'Sum of the rows that state the value; null when none does', example: '12.5' }),
    currency: z.string(),
    unknownRows: z.number().int().openapi({ description: 'Rows whose value the provider left empty' }),
  })
  .openapi('PartialTotal');

const ColumnWarningSchema = z
  .object({
    column: z.string().openapi({ example: 'ContractedCost' }),
    provider: z.string().openapi({ example: 'Oracle' }),
    rows: z.number().int(),
    message: z.string(),
    messageDe: z.string(),
  })
  .openapi('ColumnWarning');

const RowErrorSchema = z.object({
  line: z.number().int(),
  column: z.string().nullable(),
  message: z.string(),
});

const AppliedRateSchema = z
  .object({
    base: z.string(),
    quote: z.string(),
    rate: z.string().openapi({ description: '1 base = rate quote, exact decimal text', example: '1.0837' }),
    date: z.string().openapi({ description: 'The day the rate was published', example: '2026-04-10' }),
    source: z.string().openapi({ example: 'ECB' }),
    label: z.string().openapi({ example: 'ECB reference rate of 2026-04-10: 1 EUR = 1.0837 USD' }),
    labelDe: z.string().openapi({ example: 'EZB-Referenzkurs vom 10.04.2026: 1 EUR = 1,0837 USD' }),
    records: z.number().int(),
    original: z.object({ amount: z.string(), currency: z.string() }),
    booked: z.object({ amount: z.string(), currency: z.string() }),
  })
  .openapi('AppliedRate');

const ImportResultSchema = z
  .object({
    format: z.enum(['focus', 'plain']),
    fileName: z.string(),
    rows: z.number().int(),
    imported: z.number().int(),
    unchanged: z.number().int(),
    rejected: z.number().int(),
    periods: z.array(
      z.object({
        key: z.string(),
        action: z.enum(['imported', 'unchanged', 'rejected']),
        rows: z.number().int(),
        billedCost: z.array(z.object({ amount: z.string(), currency: z.string() })),
        effectiveCost: z.array(z.object({ amount: z.string(), currency: z.string() })),
        listCost: z.array(PartialTotalSchema),
        contractedCost: z.array(PartialTotalSchema),
        warnings: z.array(ColumnWarningSchema).openapi({
          description:
            'Mandatory FOCUS columns a provider left empty (e.g. ContractedCost on Oracle rows): the rows are imported, the value stored as unknown',
        }),
        booked: z.string(),
        unassigned: z.number().int(),
        errorCount: z.number().int(),
        errors: z.array(RowErrorSchema),
        rates: z.array(AppliedRateSchema).openapi({
          description:
            'Every exchange rate the period was converted with, as published, with what it converted',
        }),
      }),
    ),
    unplaced: z.array(RowErrorSchema),
  })
  .openapi('CostImportResult');

const ERRORS_SHOWN = 100;

const partialTotal = (t: PartialTotal) => ({
  amount: t.amount === null ? null : exactMoney(t.amount),
  currency: t.currency,
  unknownRows: t.unknownRows,
});

function importDto(result: ImportResult) {
  const rowError = (e: { line: number; column: string | null; message: string }) => ({
    line: e.line,
    column: e.column,
    message: e.message,
  });
  const count = (action: string) => result.periods.filter((p) => p.action === action).length;
  return {
    format: result.format,
    fileName: result.fileName,
    rows: result.rows,
    imported: count('imported'),
    unchanged: count('unchanged'),
    rejected: count('rejected'),
    periods: result.periods.map((p) => ({
      key: p.key,
      action: p.action,
      rows: p.rows,
      billedCost: p.billedCost.map((m) => ({ amount: exactMoney(m), currency: m.currency })),
      effectiveCost: p.effectiveCost.map((m) => ({ amount: exactMoney(m), currency: m.currency })),
      listCost: p.listCost.map(partialTotal),
      contractedCost: p.contractedCost.map(partialTotal),
      warnings: p.warnings.map((w) => {
        const text = columnWarningText(w);
        return { column: w.column, provider: w.provider, rows: w.rows, message: text.en, messageDe: text.de };
      }),
      booked: moneyJson(p.booked) as string,
      unassigned: p.unassigned,
      errorCount: p.errors.length,
      errors: p.errors.slice(0, ERRORS_SHOWN).map(rowError),
      rates: p.rates.map((use) => ({
        ...use.rate,
        label: rateLabelEn(use.rate),
        labelDe: rateLabelDe(use.rate),
        records: use.records,
        original: { amount: exactMoney(use.original), currency: use.original.currency },
        booked: { amount: exactMoney(use.booked), currency: use.booked.currency },
      })),
    })),
    unplaced: result.unplaced.slice(0, ERRORS_SHOWN).map(rowError),
  };
}

const RuleSchema = z.union([
  z
    .object({
      serviceId: z.string().uuid(),
      tag: z.object({ key: z.string().min(1).max(200), value: z.string().max(500).optional() }).strict(),
    })
    .strict(),
  z.object({ serviceId: z.string().uuid(), resourceId: z.string().min(1).max(1000) }).strict(),
  z.object({ serviceId: z.string().uuid(), subAccountId: z.string().min(1).max(500) }).strict(),
]);
const RulesSchema = z
  .object({ rules: z.array(RuleSchema).max(1000) })
  .strict()
  .openapi('CostMappingRules');

const listImports = securedRoute('finance', {
  method: 'get',
  path: '/v1/costs/imports',
  tags: ['costs'],
  summary: 'The imported billing periods, newest first',
  responses: {
    200: {
      description: 'Imported periods with row counts, totals and content hash',
      content: {
        'application/json': { schema: z.object({ items: z.array(z.record(z.string(), z.unknown())) }) },
      },
    },
    ...errorResponses,
  },
});

const getRules = securedRoute('finance', {
  method: 'get',
  path: '/v1/costs/mapping-rules',
  tags: ['costs'],
  summary: 'The rules that assign imported charges to services (first match wins)',
  responses: {
    200: { description: 'The rules in order', content: { 'application/json': { schema: RulesSchema } } },
    ...errorResponses,
  },
});

const putRules = securedRoute('finance', {
  method: 'put',
  path: '/v1/costs/mapping-rules',
  tags: ['costs'],
  summary: 'Replace the mapping rules; they apply to imports from now on',
  request: jsonBody(RulesSchema, 'Rules by tag, resource id glob or sub-account, tried in order'),
  responses: {
    200: { description: 'The stored rules', content: { 'application/json': { schema: RulesSchema } } },
    ...bodyErrorResponses,
  },
});

/** The `assume` query: a JSON object from mandatory FOCUS column names to the value every row gets. */
function assumedColumns(text: string | undefined): Partial<Record<MandatoryFocusColumn, string>> | undefined {
  if (text === undefined) return undefined;
  const fail = (detail: string): never => {
    throw new DomainError('validation', detail, [{ pointer: '/query/assume', detail }]);
  };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    fail('assume must be a JSON object such as {"BillingCurrency":"USD"}');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return fail('assume must be a JSON object');
  const known = new Set<string>(mandatoryFocusColumns);
  for (const [column, cell] of Object.entries(value)) {
    if (!known.has(column)) fail(`${column} is not a mandatory FOCUS column`);
    if (typeof cell !== 'string') fail(`the value for ${column} must be text`);
  }
  return value as Partial<Record<MandatoryFocusColumn, string>>;
}

/** What the import's query asks for, with the defaults filled in. */
function importOptions(query: {
  fileName?: string | undefined;
  basis?: 'billed' | 'effective' | undefined;
  source?: string | undefined;
  assume?: string | undefined;
}): ParseOptions {
  const assume = assumedColumns(query.assume);
  return {
    fileName: (query.fileName ?? 'upload.csv').slice(0, 200),
    basis: query.basis ?? 'billed',
    sourceName: (query.source ?? 'plain').slice(0, 100),
    ...(assume ? { assume } : {}),
  };
}

const importCosts = securedRoute('finance', {
  method: 'post',
  path: '/v1/costs/imports',
  body: 'streamed',
  accepts: ['text/csv'],
  tags: ['costs'],
  summary: 'Import a FOCUS 1.0-1.2 or plain cost CSV, all or nothing per billing period',
  description:
    'The format is told by the header: FOCUS (BilledCost, ChargePeriodStart, ...) or plain ' +
    '(date, service, category, amount, currency[, description]; `,` or `;`). Streamed. Each billing ' +
    'period (FOCUS: issuer, account, period; plain: `source` and month) is imported whole, left ' +
    'unchanged when its content hash is stored already, or rejected with its bad rows (line and ' +
    'column). Query: `fileName` (names the source of each figure), `basis` billed|effective (FOCUS), ' +
    '`source` (plain). Foreign currencies are converted with the stored rate of the charge day.',
  request: {
    query: z.object({
      fileName: z.string().optional(),
      basis: z.enum(['billed', 'effective']).optional(),
      source: z.string().optional(),
      assume: z.string().optional().openapi({
        description: 'JSON object of values for mandatory FOCUS columns the file lacks',
        example: '{"BillingCurrency":"USD"}',
      }),
    }),
    body: { required: true, content: { 'text/csv': { schema: { type: 'string' } } } },
  },
  responses: {
    200: {
      description: 'What happened to each billing period',
      content: { 'application/json': { schema: ImportResultSchema } },
    },
    ...bodyErrorResponses,
  },
});

/** Cost imports and mapping rules. */
export function registerCostImportRoutes(app: OpenAPIHono<AppEnv>): void {
  app.openapi(importCosts, async (c) => {
    const body = c.req.raw.body;
    if (body === null)
      throw new DomainError('validation', 'the request has no body: send a FOCUS or plain cost CSV');
    const options = importOptions(c.req.valid('query'));
    const tenant = { readAlone: inTenantWork(c, inTenantAlone), write: inTenantWork(c, inTenant) };
    const result = await withExpensiveSlot(c, 'this import', () =>
      importCostFile(tenant, body, options, c.get('deps')),
    );
    return c.json(importDto(result), 200);
  });

  app.openapi(listImports, async (c) => {
    const imports = await inTenant(c, (tx) => listCostImports(tx));
    return c.json({ items: imports.map((i) => moneyJson(i) as Record<string, unknown>) }, 200);
  });

  app.openapi(getRules, async (c) => {
    const rules = await inTenant(c, (tx) => getMappingRules(tx));
    return c.json({ rules: rules as z.infer<typeof RulesSchema>['rules'] }, 200);
  });

  app.openapi(putRules, async (c) => {
    const { rules } = c.req.valid('json');
    const now = c.get('deps').clock();
    await inTenant(c, (tx, tenantId) => replaceMappingRules(tx, tenantId, rules as ServiceRule[], now));
    return c.json({ rules }, 200);
  });
}
