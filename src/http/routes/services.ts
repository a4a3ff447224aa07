import { type OpenAPIHono, z } from '@hono/zod-openapi';
import { DomainError } from '../../domain/errors.ts';
import { listSeriesOfService, type Series } from '../../store/series-store.ts';
import {
  deleteService,
  getService,
  insertService,
  listServices,
  type Service,
  updateService,
} from '../../store/service-store.ts';
import { canSee } from '../../tenancy/principal.ts';
import type { AppEnv } from '../app-env.ts';
import { inTenant, isUuid } from '../in-tenant.ts';
import { securedRoute } from '../route.ts';
import { bodyErrorResponses, errorResponses, IdParam, jsonBody, PageQuery } from '../schemas.ts';

const Tags = z.record(z.string().max(100), z.string().max(500));

export const ServiceSchema = z
  .object({
    id: z.string(),
    key: z.string().openapi({ example: 'briefwahl' }),
    name: z.string().openapi({ example: 'Online-Wahlschein (Briefwahl)' }),
    description: z.string(),
    owner: z.string(),
    costCentre: z.string(),
    tags: Tags,
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('Service');

const SeriesSchema = z
  .object({
    id: z.string(),
    metric: z.string().openapi({ example: 'requests_per_second' }),
    unit: z.string(),
    kind: z.enum(['gauge', 'counter', 'delta']),
    labels: z.record(z.string(), z.string()),
    createdAt: z.string(),
  })
  .openapi('Series');

const ServiceDetailSchema = ServiceSchema.extend({ series: z.array(SeriesSchema) }).openapi('ServiceDetail');

const NewServiceSchema = z
  .object({
    key: z
      .string()
      .regex(
        /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/,
        'letters, digits and . _ : - (max 128), starting with a letter or digit',
      ),
    name: z.string().trim().min(1).max(200),
    description: z.string().max(2000).optional(),
    owner: z.string().max(200).optional(),
    costCentre: z.string().max(100).optional(),
    tags: Tags.optional(),
  })
  .strict()
  .openapi('NewService');

const ServicePatchSchema = NewServiceSchema.omit({ key: true }).partial().strict().openapi('ServicePatch');

export function serviceDto(service: Service) {
  return {
    ...service,
    createdAt: service.createdAt.toISOString(),
    updatedAt: service.updatedAt.toISOString(),
  };
}

function seriesDto(series: Series) {
  return {
    id: series.id,
    metric: series.metric,
    unit: series.unit,
    kind: series.kind,
    labels: series.labels,
    createdAt: series.createdAt.toISOString(),
  };
}

const list = securedRoute('read', {
  method: 'get',
  path: '/v1/services',
  tags: ['services'],
  summary: "List the tenant's services, a page at a time",
  request: { query: PageQuery },
  responses: {
    200: {
      description: 'One page of services',
      content: {
        'application/json': {
          schema: z.object({ items: z.array(ServiceSchema), nextCursor: z.string().optional() }),
        },
      },
    },
    ...errorResponses,
  },
});

const get = securedRoute('read', {
  method: 'get',
  path: '/v1/services/{id}',
  tags: ['services'],
  summary: 'One service with its metric series',
  request: { params: IdParam },
  responses: {
    200: { description: 'The service', content: { 'application/json': { schema: ServiceDetailSchema } } },
    ...errorResponses,
  },
});

const create = securedRoute('admin', {
  method: 'post',
  path: '/v1/services',
  tags: ['services'],
  summary: 'Create a service',
  request: jsonBody(NewServiceSchema, 'The new service'),
  responses: {
    201: { description: 'Created', content: { 'application/json': { schema: ServiceSchema } } },
    ...bodyErrorResponses,
  },
});

const patch = securedRoute('plan', {
  method: 'patch',
  path: '/v1/services/{id}',
  tags: ['services'],
  summary: 'Change a service: name, description, owner, cost centre, tags (its key stays)',
  request: { params: IdParam, ...jsonBody(ServicePatchSchema, 'Fields to change') },
  responses: {
    200: { description: 'Changed', content: { 'application/json': { schema: ServiceSchema } } },
    ...bodyErrorResponses,
  },
});

const remove = securedRoute('admin', {
  method: 'delete',
  path: '/v1/services/{id}',
  tags: ['services'],
  summary: 'Delete a service with its series and samples',
  request: { params: IdParam },
  responses: { 204: { description: 'Deleted' }, ...errorResponses },
});

function visibleId(
  c: { get(key: 'principal'): import('../../tenancy/principal.ts').Principal },
  id: string,
): string {
  if (!isUuid(id) || !canSee(c.get('principal'), 'service', id)) {
    throw new DomainError('not-found', `service ${id} not found`);
  }
  return id;
}

export function registerServiceRoutes(app: OpenAPIHono<AppEnv>): void {
  app.openapi(list, async (c) => {
    const { limit, cursor } = c.req.valid('query');
    const principal = c.get('principal');
    const onlyIds =
      principal.kind === 'embed'
        ? principal.resources.filter((r) => r.startsWith('service:')).map((r) => r.slice('service:'.length))
        : undefined;
    const page = await inTenant(c, (tx) => listServices(tx, { limit, cursor, onlyIds }));
    return c.json(
      { items: page.items.map(serviceDto), ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}) },
      200,
    );
  });

  app.openapi(get, async (c) => {
    const id = visibleId(c, c.req.valid('param').id);
    const [service, series] = await inTenant(
      c,
      async (tx) => [await getService(tx, id), await listSeriesOfService(tx, id)] as const,
    );
    return c.json({ ...serviceDto(service), series: series.map(seriesDto) }, 200);
  });

  app.openapi(create, async (c) => {
    const body = c.req.valid('json');
    const deps = c.get('deps');
    const service = await inTenant(c, (tx, tenantId) => insertService(tx, tenantId, deps.newId(), body));
    return c.json(serviceDto(service), 201, { location: `/v1/services/${service.id}` });
  });

  app.openapi(patch, async (c) => {
    const id = visibleId(c, c.req.valid('param').id);
    const body = c.req.valid('json');
    const service = await inTenant(c, (tx) => updateService(tx, id, body, c.get('deps').clock()));
    return c.json(serviceDto(service), 200);
  });

  app.openapi(remove, async (c) => {
    const id = visibleId(c, c.req.valid('param').id);
    await inTenant(c, (tx) => deleteService(tx, id));
    return c.body(null, 204);
  });
}
