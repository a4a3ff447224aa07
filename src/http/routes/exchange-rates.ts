import { type OpenAPIHono, z } from '@hono/zod-openapi';
import { DEFAULT_FX_MAX_AGE_DAYS } from '../../config.ts';
import { exchangeRateTable } from '../../cost/exchange-rates.ts';
import { calendarDay } from '../../domain/calendar-day.ts';
import { DomainError, type FieldError } from '../../domain/errors.ts';
import { rateLabelDe, rateLabelEn } from '../../finance/fx-rate-label.ts';
import { rateHistory } from '../../finance/rate-history.ts';
import { ecbReference } from '../../fx-service/ecb-reference.ts';
import { importEcbRates } from '../../fx-service/import-ecb-rates.ts';
import { readEcbFile } from '../../ingest/fx/read-ecb-file.ts';
import { loadRateLayers } from '../../store/cost-rate-store.ts';
import { deleteExchangeRate, upsertExchangeRates } from '../../store/exchange-rate-store.ts';
import type { AppEnv } from '../app-env.ts';
import { inTenant } from '../in-tenant.ts';
import { withExpensiveSlot } from '../rate-limit.ts';
import { securedRoute } from '../route.ts';
import { bodyErrorResponses, errorResponses, jsonBody } from '../schemas.ts';
import { Currency, Day } from './finance-dto.ts';
import { ExchangeRateSchema } from './plans-schemas.ts';

const RateChangesSchema = z
  .object({
    added: z.number().int().openapi({ description: 'Days the tenant had no rate for' }),
    corrected: z.number().int().openapi({ description: 'Days whose rate (or source) changed' }),
    unchanged: z.number().int().openapi({ description: 'Days stored already with the same rate' }),
  })
  .openapi('ExchangeRateChanges');

const EcbImportSchema = RateChangesSchema.extend({
  fileName: z.string(),
  days: z.number().int(),
  first: z.string(),
  last: z.string(),
  currencies: z.array(z.string()),
  values: z.number().int(),
  builtIn: z
    .number()
    .int()
    .openapi({ description: 'Rates the built-in ECB table has already, not stored again' }),
}).openapi('EcbRateImport');

const addRates = securedRoute('finance', {
  method: 'post',
  path: '/v1/exchange-rates',
  tags: ['catalogs'],
  summary: 'Add or correct single dated rates, keeping every other rate',
  description:
    'Each rate says 1 `base` = `rate` `quote` on `date`, in either direction (the ECB way, 1 EUR = 1.1684 USD, ' +
    'or 1 USD = 0.8559 EUR). A rate for a pair and day the tenant has already replaces it. The tenant’s own rates ' +
    'win over the built-in ECB reference rates on the same day. `PUT /v1/exchange-rates` still replaces the ' +
    'tenant’s whole own table.',
  request: jsonBody(
    z.object({ rates: z.array(ExchangeRateSchema).min(1).max(10_000) }).strict(),
    'The rates',
  ),
  responses: {
    200: { description: 'What changed', content: { 'application/json': { schema: RateChangesSchema } } },
    ...bodyErrorResponses,
  },
});

const removeRate = securedRoute('finance', {
  method: 'delete',
  path: '/v1/exchange-rates/{base}/{quote}/{date}',
  tags: ['catalogs'],
  summary:
    'Remove one of the tenant’s own rates (either direction); the built-in rate of the day shows again',
  request: { params: z.object({ base: Currency, quote: Currency, date: Day }) },
  responses: { 204: { description: 'Removed' }, ...errorResponses },
});

const FindingSchema = z
  .object({
    found: z.boolean(),
    rate: ExchangeRateSchema.optional(),
    label: z.string().optional(),
    labelDe: z.string().optional(),
    detail: z.string().optional().openapi({ description: 'Why no rate can be used' }),
  })
  .openapi('ExchangeRateLookup');

const lookupRate = securedRoute('read', {
  method: 'get',
  path: '/v1/exchange-rates/lookup',
  tags: ['catalogs'],
  summary: 'The rate a cost of `day` in `from` is booked with in `to`, as the cost import chooses it',
  request: { query: z.object({ from: Currency, to: Currency, day: Day }) },
  responses: {
    200: {
      description: 'The rate, or why there is none',
      content: { 'application/json': { schema: FindingSchema } },
    },
    ...errorResponses,
  },
});

/** Rates a person entered: checked like a table, plus a real calendar day and two different currencies. */
function checkRates(rates: readonly z.infer<typeof ExchangeRateSchema>[]): void {
  const errors: FieldError[] = [];
  rates.forEach((rate, index) => {
    if (rate.base === rate.quote)
      errors.push({
        pointer: `/rates/${index}/quote`,
        detail: 'base and quote must be different currencies',
      });
    try {
      calendarDay(rate.date);
    } catch {
      errors.push({ pointer: `/rates/${index}/date`, detail: `${rate.date} is not a calendar day` });
    }
  });
  try {
    exchangeRateTable(rates);
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    errors.push(...error.errors.map((e) => ({ ...e, pointer: `/rates${e.pointer}` })));
  }
  if (errors.length > 0) throw new DomainError('validation', 'the exchange rates are invalid', errors);
}

const importEcb = securedRoute('finance', {
  method: 'post',
  path: '/v1/exchange-rates/imports',
  accepts: ['application/zip', 'application/octet-stream', 'text/csv'],
  tags: ['catalogs'],
  summary: 'Import an ECB reference-rate file (eurofxref-hist.zip, eurofxref.zip or the CSV in them)',
  description:
    'All or nothing: a damaged or foreign file is refused with the line and column of each bad value, ' +
    'and no rate is stored. Only rates the built-in ECB table lacks or has otherwise are stored for the ' +
    'tenant, so importing the same file again changes nothing. Query: `fileName` (echoed).',
  request: {
    query: z.object({ fileName: z.string().optional() }),
    body: {
      required: true,
      content: {
        'application/zip': { schema: { type: 'string', format: 'binary' } },
        'text/csv': { schema: { type: 'string' } },
      },
    },
  },
  responses: {
    200: {
      description: 'What the file added',
      content: { 'application/json': { schema: EcbImportSchema } },
    },
    ...bodyErrorResponses,
  },
});

/** Dated exchange rates beyond the table PUT replaces: single rates, ECB files, lookups. */
export function registerExchangeRates(app: OpenAPIHono<AppEnv>): void {
  app.openapi(lookupRate, async (c) => {
    const { from, to, day } = c.req.valid('query');
    const deps = c.get('deps');
    const layers = await inTenant(c, (tx) => loadRateLayers(tx));
    const lookup = rateHistory({
      ...layers,
      reference: (await ecbReference()).byCurrency,
      maxAgeDays: deps.fxMaxAgeDays ?? DEFAULT_FX_MAX_AGE_DAYS,
    });
    const found = lookup(from, to, day);
    if (found.kind !== 'found') return c.json({ found: false, detail: found.detail }, 200);
    return c.json(
      { found: true, rate: found.entry, label: rateLabelEn(found.entry), labelDe: rateLabelDe(found.entry) },
      200,
    );
  });

  app.openapi(addRates, async (c) => {
    const { rates } = c.req.valid('json');
    checkRates(rates);
    const changes = await inTenant(c, (tx, tenantId) => upsertExchangeRates(tx, tenantId, rates));
    return c.json(changes, 200);
  });

  app.openapi(removeRate, async (c) => {
    const rate = c.req.valid('param');
    const removed = await inTenant(c, (tx, tenantId) => deleteExchangeRate(tx, tenantId, rate));
    if (!removed)
      throw new DomainError('not-found', `the tenant has no ${rate.base}/${rate.quote} rate of ${rate.date}`);
    return c.body(null, 204);
  });

  app.openapi(importEcb, async (c) => {
    const bytes = new Uint8Array(await c.req.arrayBuffer());
    if (bytes.length === 0)
      throw new DomainError('validation', 'the request has no body: send eurofxref-hist.zip or a CSV of it');
    const fileName = (c.req.valid('query').fileName ?? 'upload').slice(0, 200);
    const result = await withExpensiveSlot(c, 'this import', async () => {
      const ecb = await readEcbFile(bytes);
      return inTenant(c, (tx, tenantId) => importEcbRates(tx, tenantId, ecb));
    });
    return c.json({ fileName, ...result, currencies: [...result.currencies] }, 200);
  });
}
