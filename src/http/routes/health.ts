import { type OpenAPIHono, z } from '@hono/zod-openapi';
import { DomainError } from '../../domain/errors.ts';
import { pingDatabase } from '../../store/ping-database.ts';
import type { AppEnv } from '../app-env.ts';
import { publicRoute } from '../route.ts';
import { ProblemSchema } from '../schemas.ts';

const Health = z.object({ status: z.literal('ok'), version: z.string() }).openapi('Health');

const healthz = publicRoute({
  method: 'get',
  path: '/healthz',
  tags: ['operations'],
  summary: 'The process is up',
  responses: { 200: { description: 'Up', content: { 'application/json': { schema: Health } } } },
});

const readyz = publicRoute({
  method: 'get',
  path: '/readyz',
  tags: ['operations'],
  summary: 'The database answers',
  responses: {
    200: { description: 'Ready', content: { 'application/json': { schema: Health } } },
    503: {
      description: 'Database unreachable',
      content: { 'application/problem+json': { schema: ProblemSchema } },
    },
  },
});

export function registerHealthRoutes(app: OpenAPIHono<AppEnv>): void {
  app.openapi(healthz, (c) => c.json({ status: 'ok' as const, version: c.get('deps').version }, 200));
  app.openapi(readyz, async (c) => {
    try {
      await pingDatabase(c.get('deps').database);
    } catch (error) {
      c.get('logger').error('readiness check failed', { error: (error as Error).message });
      throw new DomainError('database-unavailable', 'the database does not answer');
    }
    return c.json({ status: 'ok' as const, version: c.get('deps').version }, 200);
  });
}
