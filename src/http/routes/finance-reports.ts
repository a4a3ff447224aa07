import { type OpenAPIHono, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { DomainError } from '../../domain/errors.ts';
import { proofOfUseCsv } from '../../finance/proof-of-use-csv.ts';
import { proofOfUseHtml } from '../../finance/proof-of-use-html.ts';
import { grantProofOfUse, monthlyCostReport } from '../../finance-service/reports.ts';
import type { AppEnv } from '../app-env.ts';
import { CsvLocaleQuery, csvLocaleOf, csvResponse } from '../csv-response.ts';
import { inTenant, isUuid } from '../in-tenant.ts';
import { selfContainedPageCsp } from '../page-csp.ts';
import { securedRoute } from '../route.ts';
import { errorResponses, IdParam } from '../schemas.ts';
import { Day } from './finance-dto.ts';

const proof = securedRoute('finance', {
  method: 'get',
  path: '/v1/grants/{id}/proof-of-use',
  tags: ['grants'],
  summary: 'Proof of use (Verwendungsnachweis): printable German A4 page or CSV',
  description:
    'Totals per cost category and month, funded and own share, and the source of every figure. ' +
    '`from`/`to` default to the grant period up to today. `format`: html (default) or csv: German ' +
    '(`;`, decimal comma, UTF-8 with byte-order mark) unless `locale=en` or Accept-Language asks for English.',
  request: {
    params: IdParam,
    query: z.object({
      from: Day.optional(),
      to: Day.optional(),
      format: z.enum(['html', 'csv']).optional(),
      locale: CsvLocaleQuery,
    }),
  },
  responses: {
    200: {
      description: 'The report',
      content: { 'text/html': { schema: z.string() }, 'text/csv': { schema: z.string() } },
    },
    ...errorResponses,
  },
});

const monthly = securedRoute('finance', {
  method: 'get',
  path: '/v1/costs/monthly',
  tags: ['costs'],
  summary: 'Monthly cost report per service and category as CSV',
  description:
    '`from`/`to` default to the current calendar year up to today. German CSV (`;`, decimal comma, ' +
    'UTF-8 with byte-order mark) unless `locale=en` or Accept-Language asks for English (`format=csv-plain` ' +
    'is the older name of `locale=en`).',
  request: {
    query: z.object({
      from: Day.optional(),
      to: Day.optional(),
      format: z.enum(['csv', 'csv-plain']).optional(),
      locale: CsvLocaleQuery,
    }),
  },
  responses: {
    200: { description: 'The report', content: { 'text/csv': { schema: z.string() } } },
    ...errorResponses,
  },
});

/** The file name of a grant's proof of use, from its reference number. */
const proofFileName = (grant: { readonly referenceNumber: string }) =>
  `verwendungsnachweis-${grant.referenceNumber.replace(/[^A-Za-z0-9._-]/g, '_')}`;

/** A self-contained page (styles inline, no scripts) under the strict policy it needs. */
async function htmlPage(c: Context, html: string): Promise<Response> {
  return c.body(html, 200, {
    'content-type': 'text/html; charset=utf-8',
    'content-security-policy': await selfContainedPageCsp(html),
  });
}

/** Reports: proof of use and the monthly cost report. */
export function registerFinanceReports(app: OpenAPIHono<AppEnv>): void {
  app.openapi(proof, async (c) => {
    const id = c.req.valid('param').id;
    if (!isUuid(id) || c.get('principal').kind !== 'api')
      throw new DomainError('not-found', `grant ${id} not found`);
    const query = c.req.valid('query');
    const today = c.get('deps').clock();
    const { grant, report } = await inTenant(c, (tx) => grantProofOfUse(tx, id, query, today));
    if (query.format === 'csv') {
      const locale = csvLocaleOf(query.locale, c.req.header('accept-language'));
      return csvResponse(c, proofOfUseCsv(report, locale), `${proofFileName(grant)}.csv`);
    }
    return htmlPage(c, proofOfUseHtml(report));
  });

  app.openapi(monthly, async (c) => {
    const query = c.req.valid('query');
    const locale =
      query.format === 'csv-plain' ? 'en' : csvLocaleOf(query.locale, c.req.header('accept-language'));
    const today = c.get('deps').clock();
    const { range, csv } = await inTenant(c, (tx) => monthlyCostReport(tx, query, today, locale));
    return csvResponse(c, csv, `kosten-${range.from}-${range.to}.csv`);
  });
}
