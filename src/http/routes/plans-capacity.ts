import type { OpenAPIHono, z } from '@hono/zod-openapi';
import { DomainError } from '../../domain/errors.ts';
import { type CapacitySpec, capacityModelOf } from '../../plan/capacity-spec.ts';
import { checkCapacityProviders } from '../../plan-service/check-capacity-providers.ts';
import { ensureBuiltinCatalogs } from '../../plan-service/ensure-builtin-catalogs.ts';
import { findCapacityModel, putCapacityModel } from '../../store/capacity-store.ts';
import { getService } from '../../store/service-store.ts';
import { canSee } from '../../tenancy/principal.ts';
import type { AppEnv } from '../app-env.ts';
import { inTenant, isUuid } from '../in-tenant.ts';
import { securedRoute } from '../route.ts';
import { bodyErrorResponses, errorResponses, IdParam, jsonBody } from '../schemas.ts';
import { CapacityModelSchema, CapacitySpecSchema } from './plans-schemas.ts';

const get = securedRoute('read', {
  method: 'get',
  path: '/v1/services/{id}/capacity',
  tags: ['plans'],
  summary: 'The capacity model of a service',
  request: { params: IdParam },
  responses: {
    200: { description: 'The model', content: { 'application/json': { schema: CapacityModelSchema } } },
    ...errorResponses,
  },
});

const put = securedRoute('plan', {
  method: 'put',
  path: '/v1/services/{id}/capacity',
  tags: ['plans'],
  summary:
    'Set the capacity model: driver metric, capacity per instance type or per vCPU/GiB, utilisation, limits, lead time, delays, quantile, storage, egress, backup, own hardware',
  request: {
    params: IdParam,
    ...jsonBody(CapacitySpecSchema, 'The model; omitted fields take their defaults'),
  },
  responses: {
    200: { description: 'Replaced', content: { 'application/json': { schema: CapacityModelSchema } } },
    201: { description: 'Created', content: { 'application/json': { schema: CapacityModelSchema } } },
    ...bodyErrorResponses,
  },
});

function serviceId(principal: Parameters<typeof canSee>[0], id: string): string {
  if (!isUuid(id) || !canSee(principal, 'service', id))
    throw new DomainError('not-found', `service ${id} not found`);
  return id;
}

type CapacityDto = z.infer<typeof CapacityModelSchema>;

function capacityDto(id: string, model: CapacitySpec, updatedAt: Date): CapacityDto {
  return { ...(model as unknown as CapacityDto), serviceId: id, updatedAt: updatedAt.toISOString() };
}

export function registerCapacityRoutes(app: OpenAPIHono<AppEnv>): void {
  app.openapi(get, async (c) => {
    const id = serviceId(c.get('principal'), c.req.valid('param').id);
    const stored = await inTenant(c, async (tx) => {
      await getService(tx, id);
      return findCapacityModel<CapacitySpec>(tx, id);
    });
    if (!stored) throw new DomainError('not-found', `service ${id} has no capacity model yet`);
    return c.json(capacityDto(id, stored.model, stored.updatedAt), 200);
  });

  app.openapi(put, async (c) => {
    const id = serviceId(c.get('principal'), c.req.valid('param').id);
    const spec = c.req.valid('json') as CapacitySpec;
    capacityModelOf(spec);
    await ensureBuiltinCatalogs(c.get('deps').database);
    const { stored, created } = await inTenant(c, async (tx, tenantId) => {
      await getService(tx, id);
      await checkCapacityProviders(tx, spec);
      return putCapacityModel(tx, tenantId, id, spec, c.get('deps').clock());
    });
    const dto = capacityDto(id, stored.model, stored.updatedAt);
    return created ? c.json(dto, 201) : c.json(dto, 200);
  });
}
