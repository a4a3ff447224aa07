import { type OpenAPIHono, z } from '@hono/zod-openapi';
import { DomainError } from '../../domain/errors.ts';
import { ensureBuiltinCatalogs } from '../../plan-service/ensure-builtin-catalogs.ts';
import { listInstanceTypes } from '../../plan-service/list-instance-types.ts';
import type { AppEnv } from '../app-env.ts';
import { inTenant } from '../in-tenant.ts';
import { securedRoute } from '../route.ts';
import { errorResponses } from '../schemas.ts';

export const InstanceTypesSchema = z
  .object({
    currency: z.string().openapi({ example: 'EUR' }),
    vatMode: z.enum(['gross', 'net']),
    on: z.string().openapi({ example: '2026-12-06', description: 'Day of the exchange rates used' }),
    providers: z.array(
      z.object({
        provider: z.string().openapi({ example: 'hetzner' }),
        name: z.string().openapi({ example: 'Hetzner Cloud' }),
        region: z.string(),
        catalogId: z.string(),
        types: z.array(
          z.object({
            name: z.string().openapi({ example: 'CX23' }),
            vcpu: z.number(),
            memoryGib: z.number(),
            hourly: z.string().openapi({
              example: '0.011400000',
              description: 'Per hour in `currency` on the `vatMode` basis, decimal text',
            }),
            notes: z.array(z.string()),
          }),
        ),
        unpriced: z.array(z.string()).openapi({
          description: 'Why this provider’s types could not be priced (then `types` is empty)',
        }),
      }),
    ),
  })
  .openapi('InstanceTypes');

const list = securedRoute('read', {
  method: 'get',
  path: '/v1/instance-types',
  tags: ['catalogs'],
  summary:
    'The instance types of the current catalogs with vCPU, memory and the hourly price a plan starting today would use (tenant currency, rates and VAT view)',
  responses: {
    200: {
      description: 'Instance types by provider',
      content: { 'application/json': { schema: InstanceTypesSchema } },
    },
    ...errorResponses,
  },
});

export function registerInstanceTypeRoutes(app: OpenAPIHono<AppEnv>): void {
  app.openapi(list, async (c) => {
    if (c.get('principal').kind === 'embed') {
      throw new DomainError('forbidden', 'embed tokens read only the resources they name');
    }
    const deps = c.get('deps');
    await ensureBuiltinCatalogs(deps.database);
    const today = deps.clock().toISOString().slice(0, 10);
    const body = await inTenant(c, (tx) => listInstanceTypes(tx, today));
    return c.json(
      {
        ...body,
        providers: body.providers.map((p) => ({
          ...p,
          types: p.types.map((x) => ({ ...x, notes: [...x.notes] })),
          unpriced: [...p.unpriced],
        })),
      },
      200,
    );
  });
}
