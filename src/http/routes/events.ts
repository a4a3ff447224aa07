import { type OpenAPIHono, z } from '@hono/zod-openapi';
import { DomainError } from '../../domain/errors.ts';
import { eventKinds } from '../../domain/event-kinds.ts';
import {
  deleteEvent,
  getEvent,
  insertEvent,
  type LoadEvent,
  listEvents,
  updateEvent,
} from '../../store/event-store.ts';
import { findService } from '../../store/service-store.ts';
import type { TenantTx } from '../../store/with-tenant.ts';
import type { AppEnv } from '../app-env.ts';
import { inTenant, isUuid } from '../in-tenant.ts';
import { securedRoute } from '../route.ts';
import { bodyErrorResponses, errorResponses, IdParam, jsonBody } from '../schemas.ts';

const EventSchema = z
  .object({
    id: z.string(),
    kind: z.enum(eventKinds),
    name: z.string().openapi({ example: 'Bundestagswahl 2029' }),
    startsAt: z.string(),
    endsAt: z.string(),
    region: z.string(),
    serviceIds: z.array(z.string()),
    expectedUplift: z
      .string()
      .nullable()
      .openapi({ description: 'Expected extra load as a fraction: "0.8" = +80 %' }),
    createdAt: z.string(),
  })
  .openapi('Event');

const instant = z.iso.datetime({ offset: true });

const Uplift = z
  .string()
  .regex(/^-?\d{1,4}(\.\d{1,6})?$/, 'a decimal fraction such as "0.8" for +80 %')
  .nullable();

const eventFields = {
  kind: z.enum(eventKinds),
  name: z.string().trim().min(1).max(200),
  startsAt: instant,
  endsAt: instant,
  region: z.string().max(100),
  serviceIds: z.array(z.string().uuid()).max(500),
  expectedUplift: Uplift,
};

const NewEventSchema = z
  .object({
    ...eventFields,
    region: eventFields.region.default(''),
    serviceIds: eventFields.serviceIds.default([]),
    expectedUplift: Uplift.default(null),
  })
  .strict()
  .openapi('NewEvent');

const EventPatchSchema = z
  .object(eventFields)
  .partial()
  .strict()
  .openapi('EventPatch', { description: 'The fields to change; the others keep their values' });

const RangeQuery = z.object({ from: instant.optional(), to: instant.optional() });

function eventDto(event: LoadEvent) {
  return {
    ...event,
    serviceIds: [...event.serviceIds],
    startsAt: event.startsAt.toISOString(),
    endsAt: event.endsAt.toISOString(),
    createdAt: event.createdAt.toISOString(),
  };
}

const list = securedRoute('read', {
  method: 'get',
  path: '/v1/events',
  tags: ['calendar'],
  summary: 'Known events (elections, deadlines, campaigns …) that overlap a time range',
  request: { query: RangeQuery },
  responses: {
    200: {
      description: 'Events',
      content: { 'application/json': { schema: z.object({ items: z.array(EventSchema) }) } },
    },
    ...errorResponses,
  },
});

const get = securedRoute('read', {
  method: 'get',
  path: '/v1/events/{id}',
  tags: ['calendar'],
  summary: 'One event',
  request: { params: IdParam },
  responses: {
    200: { description: 'Event', content: { 'application/json': { schema: EventSchema } } },
    ...errorResponses,
  },
});

const create = securedRoute('plan', {
  method: 'post',
  path: '/v1/events',
  tags: ['calendar'],
  summary: 'Record a known event',
  request: jsonBody(NewEventSchema, 'The event'),
  responses: {
    201: { description: 'Created', content: { 'application/json': { schema: EventSchema } } },
    ...bodyErrorResponses,
  },
});

const patch = securedRoute('plan', {
  method: 'patch',
  path: '/v1/events/{id}',
  tags: ['calendar'],
  summary: 'Change an event (name, kind, period, region, expected uplift, services)',
  description:
    'Forecasts that use the event are computed again on their next request (the event is part of their cache key).',
  request: { params: IdParam, ...jsonBody(EventPatchSchema, 'Fields to change') },
  responses: {
    200: { description: 'Changed', content: { 'application/json': { schema: EventSchema } } },
    ...bodyErrorResponses,
  },
});

/** An event's period must not end before it starts, and every service it names must exist. */
async function checkEvent(
  tx: TenantTx,
  event: { startsAt: Date; endsAt: Date; serviceIds: readonly string[] },
): Promise<void> {
  if (event.endsAt < event.startsAt) {
    throw new DomainError('validation', 'endsAt must not be before startsAt', [
      { pointer: '/endsAt', detail: 'before startsAt' },
    ]);
  }
  for (const [index, serviceId] of event.serviceIds.entries()) {
    if (!(await findService(tx, serviceId))) {
      throw new DomainError('validation', `service ${serviceId} does not exist`, [
        { pointer: `/serviceIds/${index}`, detail: 'no such service' },
      ]);
    }
  }
}

const remove = securedRoute('plan', {
  method: 'delete',
  path: '/v1/events/{id}',
  tags: ['calendar'],
  summary: 'Delete an event',
  request: { params: IdParam },
  responses: { 204: { description: 'Deleted' }, ...errorResponses },
});

export function registerEventRoutes(app: OpenAPIHono<AppEnv>): void {
  app.openapi(list, async (c) => {
    const { from, to } = c.req.valid('query');
    const events = await inTenant(c, (tx) =>
      listEvents(tx, { ...(from ? { from: new Date(from) } : {}), ...(to ? { to: new Date(to) } : {}) }),
    );
    const principal = c.get('principal');
    const visible =
      principal.kind === 'embed'
        ? events.filter(
            (e) =>
              e.serviceIds.length === 0 ||
              e.serviceIds.some((id) => principal.resources.includes(`service:${id}`)),
          )
        : events;
    return c.json({ items: visible.map(eventDto) }, 200);
  });

  app.openapi(get, async (c) => {
    const { id } = c.req.valid('param');
    if (!isUuid(id)) throw new DomainError('not-found', `event ${id} not found`);
    const event = await inTenant(c, (tx) => getEvent(tx, id));
    return c.json(eventDto(event), 200);
  });

  app.openapi(create, async (c) => {
    const body = c.req.valid('json');
    const fields = { ...body, startsAt: new Date(body.startsAt), endsAt: new Date(body.endsAt) };
    const deps = c.get('deps');
    const event = await inTenant(c, async (tx, tenantId) => {
      await checkEvent(tx, fields);
      return insertEvent(tx, tenantId, deps.newId(), fields);
    });
    return c.json(eventDto(event), 201, { location: `/v1/events/${event.id}` });
  });

  app.openapi(patch, async (c) => {
    const { id } = c.req.valid('param');
    if (!isUuid(id)) throw new DomainError('not-found', `event ${id} not found`);
    const body = c.req.valid('json');
    const event = await inTenant(c, async (tx) => {
      const { id: _id, createdAt: _createdAt, ...old } = await getEvent(tx, id);
      const fields = {
        ...old,
        ...body,
        startsAt: body.startsAt ? new Date(body.startsAt) : old.startsAt,
        endsAt: body.endsAt ? new Date(body.endsAt) : old.endsAt,
      };
      await checkEvent(tx, fields);
      return updateEvent(tx, id, fields);
    });
    return c.json(eventDto(event), 200);
  });

  app.openapi(remove, async (c) => {
    const { id } = c.req.valid('param');
    if (!isUuid(id)) throw new DomainError('not-found', `event ${id} not found`);
    await inTenant(c, (tx) => deleteEvent(tx, id));
    return c.body(null, 204);
  });
}
