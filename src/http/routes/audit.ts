import { type OpenAPIHono, z } from '@hono/zod-openapi';
import { csvText } from '../../domain/csv-text.ts';
import { type AuditEvent, type AuditFilter, listAuditEvents } from '../../store/audit-store.ts';
import { getCurrentTenant } from '../../store/tenant-store.ts';
import type { AppEnv } from '../app-env.ts';
import { CsvLocaleQuery, csvLocaleOf, csvResponse } from '../csv-response.ts';
import { inTenant } from '../in-tenant.ts';
import { securedRoute } from '../route.ts';
import { errorResponses } from '../schemas.ts';

const Instant = z.string().datetime({ offset: true }).openapi({ example: '2026-11-01T00:00:00Z' });

const AuditEventSchema = z
  .object({
    at: z.string(),
    actor: z.object({
      kind: z
        .enum(['person', 'token', 'operator'])
        .openapi({ description: 'operator: an admin command (lastplan tokens …)' }),
      id: z.string(),
      name: z.string(),
    }),
    action: z.string().openapi({ example: 'plan.approve' }),
    resourceType: z.string().openapi({ example: 'plan' }),
    resourceId: z.string().nullable(),
    detail: z.record(z.string(), z.unknown()),
    requestId: z.string(),
    outcome: z.enum(['done', 'refused']).openapi({
      description:
        'done: the change committed together with this entry; refused: an authenticated write the API refused (missing role, foreign origin), the reason in detail.reason',
    }),
  })
  .openapi('AuditEvent');

const list = securedRoute('admin', {
  method: 'get',
  path: '/v1/audit',
  tags: ['tenancy'],
  summary: 'The audit trail: every write, who made it, when and in which request (newest first)',
  description:
    'Filters: `from` (inclusive) and `to` (exclusive) instants, `actor` (a person’s subject or name, a ' +
    'token’s id or name), `action` (`plan.approve`), `resource` (`plan` or `plan:<id>`), `outcome` ' +
    '(`done` or `refused`). `format=csv` ' +
    'exports every matching entry (German `;` CSV unless `locale=en` or Accept-Language asks for ' +
    'English, times in the tenant’s zone). The trail cannot be changed or deleted through lastplan.',
  request: {
    query: z.object({
      from: Instant.optional(),
      to: Instant.optional(),
      actor: z.string().max(255).optional(),
      action: z.string().max(100).optional(),
      resource: z.string().max(300).optional(),
      outcome: z.enum(['done', 'refused']).optional(),
      limit: z.coerce.number().int().min(1).max(1000).default(100),
      cursor: z.string().max(100).optional(),
      format: z.enum(['json', 'csv']).optional(),
      locale: CsvLocaleQuery,
    }),
  },
  responses: {
    200: {
      description: 'Entries',
      content: {
        'application/json': {
          schema: z.object({ items: z.array(AuditEventSchema), nextCursor: z.string().optional() }),
        },
        'text/csv': { schema: z.string() },
      },
    },
    ...errorResponses,
  },
});

const CSV_MAX_ROWS = 100_000;

const actorKinds = {
  person: { de: 'Person', en: 'person' },
  token: { de: 'Token', en: 'token' },
  operator: { de: 'Betrieb', en: 'operator' },
} as const;

const outcomes = {
  done: { de: 'ausgeführt', en: 'done' },
  refused: { de: 'abgewiesen', en: 'refused' },
} as const;

function dto(event: AuditEvent) {
  return {
    ...event,
    at: event.at.toISOString(),
    actor: { ...event.actor },
    outcome: event.outcome ?? 'done',
  };
}

/** `GET /v1/audit` (admin). Entries are written by `settleWrite` in the transaction of every write, and for refused writes. */
export function registerAuditRoutes(app: OpenAPIHono<AppEnv>): void {
  app.openapi(list, async (c) => {
    const query = c.req.valid('query');
    const filter: AuditFilter = {
      from: query.from ? new Date(query.from) : undefined,
      to: query.to ? new Date(query.to) : undefined,
      actor: query.actor,
      action: query.action,
      resource: query.resource,
      outcome: query.outcome,
      limit: query.limit,
      cursor: query.cursor,
    };
    c.header('cache-control', 'no-store');
    if (query.format !== 'csv') {
      const page = await inTenant(c, (tx) => listAuditEvents(tx, filter));
      return c.json(
        { items: page.items.map(dto), ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}) },
        200,
      );
    }
    const { zone, events } = await inTenant(c, async (tx) => {
      const tenant = await getCurrentTenant(tx);
      const all: AuditEvent[] = [];
      let cursor: string | undefined = query.cursor;
      do {
        const page = await listAuditEvents(tx, { ...filter, limit: 1000, cursor });
        all.push(...page.items);
        cursor = page.nextCursor;
      } while (cursor && all.length < CSV_MAX_ROWS);
      return { zone: tenant.timeZone, events: all };
    });
    const locale = csvLocaleOf(query.locale, c.req.header('accept-language'));
    const header = [
      { de: 'Zeitpunkt', en: 'Time' },
      { de: 'Art', en: 'Actor kind' },
      { de: 'Wer', en: 'Actor' },
      { de: 'Kennung', en: 'Actor id' },
      { de: 'Aktion', en: 'Action' },
      { de: 'Ressource', en: 'Resource' },
      { de: 'Ressourcen-ID', en: 'Resource id' },
      { de: 'Details', en: 'Detail' },
      { de: 'Request-ID', en: 'Request id' },
      { de: 'Ergebnis', en: 'Outcome' },
    ];
    const rows = events.map((event) => [
      { instant: event.at, zone },
      actorKinds[event.actor.kind],
      event.actor.name,
      event.actor.id,
      event.action,
      event.resourceType,
      event.resourceId,
      JSON.stringify(event.detail),
      event.requestId,
      outcomes[event.outcome ?? 'done'],
    ]);
    return csvResponse(c, csvText([header, ...rows], locale), 'audit.csv');
  });
}
