import { type OpenAPIHono, z } from '@hono/zod-openapi';
import { getCurrentTenant } from '../../store/tenant-store.ts';
import type { AppEnv } from '../app-env.ts';
import { inTenant } from '../in-tenant.ts';
import { securedRoute } from '../route.ts';
import { errorResponses } from '../schemas.ts';

export const TenantSchema = z
  .object({
    id: z.string(),
    slug: z.string(),
    name: z.string(),
    federalState: z.string().openapi({ example: 'BY' }),
    timeZone: z.string().openapi({ example: 'Europe/Berlin' }),
    currency: z.string().openapi({ example: 'EUR' }),
    vatMode: z.enum(['gross', 'net']),
    createdAt: z.string(),
  })
  .openapi('Tenant');

const getTenantRoute = securedRoute('read', {
  method: 'get',
  path: '/v1/tenant',
  tags: ['tenancy'],
  summary: "The caller's tenant",
  responses: {
    200: { description: 'Tenant', content: { 'application/json': { schema: TenantSchema } } },
    ...errorResponses,
  },
});

export function registerTenantRoutes(app: OpenAPIHono<AppEnv>): void {
  app.openapi(getTenantRoute, async (c) => {
    const tenant = await inTenant(c, (tx) => getCurrentTenant(tx));
    return c.json({ ...tenant, createdAt: tenant.createdAt.toISOString() }, 200);
  });
}
