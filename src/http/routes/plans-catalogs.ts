import { type OpenAPIHono, z } from '@hono/zod-openapi';
import { DEFAULT_FX_MAX_AGE_DAYS } from '../../config.ts';
import { exchangeRateTable } from '../../cost/exchange-rates.ts';
import { DomainError } from '../../domain/errors.ts';
import { ecbReference } from '../../fx-service/ecb-reference.ts';
import { toJson } from '../../plan/plan-json.ts';
import { readCatalogDocument } from '../../plan-service/catalog-documents.ts';
import { ensureBuiltinCatalogs } from '../../plan-service/ensure-builtin-catalogs.ts';
import { importCatalog } from '../../plan-service/import-catalog.ts';
import { type CatalogSummary, getCatalog, listCatalogs } from '../../store/catalog-store.ts';
import {
  getVatMode,
  listExchangeRates,
  replaceExchangeRates,
  setVatMode,
} from '../../store/exchange-rate-store.ts';
import type { Principal } from '../../tenancy/principal.ts';
import type { AppEnv } from '../app-env.ts';
import { inTenant } from '../in-tenant.ts';
import { securedRoute } from '../route.ts';
import { bodyErrorResponses, errorResponses, IdParam, jsonBody } from '../schemas.ts';
import {
  CatalogDetailSchema,
  CatalogImportSchema,
  CatalogSummarySchema,
  ExchangeRatesPutSchema,
  ExchangeRatesSchema,
  VatModeSchema,
} from './plans-schemas.ts';

function catalogDto(summary: CatalogSummary) {
  return { ...summary, sourceKeys: [...summary.sourceKeys], createdAt: summary.createdAt.toISOString() };
}

/** The built-in ECB table in brief: 27 years of 30 currencies are too many to list. */
async function referenceSummary() {
  const ecb = await ecbReference();
  return {
    source: 'ECB euro foreign exchange reference rates (fixtures/fx/SOURCES.md)',
    first: ecb.days[0] ?? '',
    last: ecb.days.at(-1) ?? '',
    currencies: [...ecb.byCurrency.keys()].sort(),
  };
}

/** How old a rate may be and still convert a charge. */
function maxAgeDays(c: { get(key: 'deps'): AppEnv['Variables']['deps'] }): number {
  return c.get('deps').fxMaxAgeDays ?? DEFAULT_FX_MAX_AGE_DAYS;
}

/** Catalogs and rates are not resources an embed token can name. */
function notForEmbed(principal: Principal): void {
  if (principal.kind === 'embed') {
    throw new DomainError('forbidden', 'embed tokens read only the resources they name');
  }
}

const list = securedRoute('read', {
  method: 'get',
  path: '/v1/catalogs',
  tags: ['catalogs'],
  summary: 'Price catalogs: the built-in ones (read-only, every tenant) and the tenant’s own',
  responses: {
    200: {
      description: 'Catalogs',
      content: { 'application/json': { schema: z.object({ items: z.array(CatalogSummarySchema) }) } },
    },
    ...errorResponses,
  },
});

const get = securedRoute('read', {
  method: 'get',
  path: '/v1/catalogs/{id}',
  tags: ['catalogs'],
  summary: 'One catalog with every price, its source, validity, currency and VAT basis',
  request: { params: IdParam },
  responses: {
    200: { description: 'The catalog', content: { 'application/json': { schema: CatalogDetailSchema } } },
    ...errorResponses,
  },
});

const create = securedRoute('plan', {
  method: 'post',
  path: '/v1/catalogs',
  accepts: ['application/json', 'text/csv'],
  tags: ['catalogs'],
  summary: 'Import the tenant’s own catalog (JSON like the shared catalog, or CSV); one version per provider',
  request: {
    body: {
      // Not `required`: zod-openapi would then run its JSON validator on text/csv bodies too. An
      // empty body still fails, in the catalog parser, with pointers.
      required: false,
      description:
        'JSON catalog, {"csv": "..."}, or text/csv with the columns provider, region, kind, name, price, currency, unit, vat_basis, valid_on, source (optional vcpu, memory_gib, term, included, hours_per_month, note)',
      content: {
        'application/json': { schema: CatalogImportSchema },
        'text/csv': { schema: z.string() },
      },
    },
  },
  responses: {
    201: {
      description: 'Stored; `created` is false for a provider whose same version was stored already',
      content: {
        'application/json': {
          schema: z.object({ items: z.array(CatalogSummarySchema.extend({ created: z.boolean() })) }),
        },
      },
    },
    ...bodyErrorResponses,
  },
});

const getRates = securedRoute('read', {
  method: 'get',
  path: '/v1/exchange-rates',
  tags: ['catalogs'],
  summary:
    'The dated exchange rates plans convert with (the tenant’s own, else the built-in ones) and the VAT view',
  responses: {
    200: { description: 'Rates', content: { 'application/json': { schema: ExchangeRatesSchema } } },
    ...errorResponses,
  },
});

const putRates = securedRoute('plan', {
  method: 'put',
  path: '/v1/exchange-rates',
  tags: ['catalogs'],
  summary:
    'Replace the tenant’s own exchange-rate table (the built-in ECB rates stay underneath); an empty list returns to the built-in rates. To add or correct single rates use POST',
  request: jsonBody(ExchangeRatesPutSchema, 'The whole table'),
  responses: {
    200: { description: 'Stored', content: { 'application/json': { schema: ExchangeRatesSchema } } },
    ...bodyErrorResponses,
  },
});

const putVat = securedRoute('admin', {
  method: 'put',
  path: '/v1/vat-mode',
  tags: ['catalogs'],
  summary: 'Show prices gross (default: most municipalities cannot reclaim VAT) or net',
  request: jsonBody(VatModeSchema, 'The VAT view'),
  responses: {
    200: { description: 'Stored', content: { 'application/json': { schema: VatModeSchema } } },
    ...bodyErrorResponses,
  },
});

export function registerCatalogRoutes(app: OpenAPIHono<AppEnv>): void {
  app.openapi(list, async (c) => {
    notForEmbed(c.get('principal'));
    await ensureBuiltinCatalogs(c.get('deps').database);
    const items = await inTenant(c, (tx) => listCatalogs(tx));
    return c.json({ items: items.map(catalogDto) }, 200);
  });

  app.openapi(get, async (c) => {
    notForEmbed(c.get('principal'));
    const { id } = c.req.valid('param');
    await ensureBuiltinCatalogs(c.get('deps').database);
    const stored = await inTenant(c, (tx) => getCatalog(tx, id));
    const catalog = readCatalogDocument({
      format: stored.format,
      document: stored.document,
      provider: stored.provider,
      sha256: stored.sha256,
    });
    const { document: _document, ...summary } = stored;
    return c.json({ ...catalogDto(summary), catalog: toJson(catalog) as Record<string, unknown> }, 200);
  });

  app.openapi(create, async (c) => {
    const type = c.req.header('content-type')?.split(';')[0]?.trim().toLowerCase() ?? '';
    let format: 'json' | 'csv' = 'json';
    let body: unknown;
    if (type !== 'text/csv' && !/^application\/([\w.-]+\+)?json$/.test(type)) {
      throw new DomainError(
        'unsupported-media-type',
        `send the catalog as application/json or text/csv, not ${type || 'no Content-Type'}`,
      );
    }
    if (type === 'text/csv') {
      format = 'csv';
      body = await c.req.text();
    } else {
      body = c.req.valid('json');
      const csv = (body as Record<string, unknown>).csv;
      if (typeof csv === 'string' && !('providers' in (body as object))) {
        format = 'csv';
        body = csv;
      }
    }
    const deps = c.get('deps');
    const stored = await inTenant(c, (tx, tenantId) => importCatalog(tx, tenantId, deps.newId, format, body));
    return c.json({ items: stored.map((s) => ({ ...catalogDto(s.catalog), created: s.created })) }, 201);
  });

  app.openapi(getRates, async (c) => {
    notForEmbed(c.get('principal'));
    await ensureBuiltinCatalogs(c.get('deps').database);
    const body = await inTenant(c, async (tx) => ({
      ...(await listExchangeRates(tx)),
      vatMode: await getVatMode(tx),
    }));
    return c.json({ ...body, maxAgeDays: maxAgeDays(c), reference: await referenceSummary() }, 200);
  });

  app.openapi(putRates, async (c) => {
    const { rates } = c.req.valid('json');
    try {
      exchangeRateTable(rates);
    } catch (error) {
      if (error instanceof DomainError) {
        throw new DomainError(
          error.kind,
          error.message,
          error.errors.map((e) => ({ ...e, pointer: `/rates${e.pointer}` })),
        );
      }
      throw error;
    }
    await ensureBuiltinCatalogs(c.get('deps').database);
    const body = await inTenant(c, async (tx, tenantId) => {
      await replaceExchangeRates(tx, tenantId, rates);
      return { ...(await listExchangeRates(tx)), vatMode: await getVatMode(tx) };
    });
    return c.json({ ...body, maxAgeDays: maxAgeDays(c), reference: await referenceSummary() }, 200);
  });

  app.openapi(putVat, async (c) => {
    const { vatMode } = c.req.valid('json');
    await inTenant(c, (tx, tenantId) => setVatMode(tx, tenantId, vatMode));
    return c.json({ vatMode }, 200);
  });
}
