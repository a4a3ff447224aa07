import { z } from '@hono/zod-openapi';

export const ProblemSchema = z
  .object({
    type: z.string().openapi({ example: 'https://lastplan.de/problems/validation' }),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    instance: z.string().optional(),
    errors: z.array(z.object({ pointer: z.string(), detail: z.string() })).optional(),
  })
  .openapi('Problem');

export const IdParam = z.object({
  id: z
    .string()
    .openapi({ param: { name: 'id', in: 'path' }, example: '0193a8f0-7c1e-7a55-9a51-4b7a2f4f1c2d' }),
});

export const PageQuery = z.object({
  limit: z.coerce.number().int().min(1).max(1000).default(100).openapi({ example: 100 }),
  cursor: z.string().max(512).optional(),
});

const problemContent = { 'application/problem+json': { schema: ProblemSchema } };

/** The error responses every authenticated route can give. */
export const errorResponses = {
  400: { description: 'Invalid request', content: problemContent },
  401: { description: 'Missing, unknown, expired or revoked token', content: problemContent },
  403: { description: 'The token lacks the scope, or the origin is not allowed', content: problemContent },
  404: { description: 'Not found, or belongs to another tenant', content: problemContent },
  429: {
    description:
      'Too many requests of this token or tenant, or too many expensive operations of the tenant at once (rate-limited); retry after Retry-After seconds',
    headers: {
      'Retry-After': { description: 'Seconds to wait before retrying', schema: { type: 'integer' } },
    },
    content: problemContent,
  },
  503: {
    description:
      'The database cannot be reached right now (database-unavailable); retry after Retry-After seconds',
    headers: {
      'Retry-After': { description: 'Seconds to wait before retrying', schema: { type: 'integer' } },
    },
    content: problemContent,
  },
} as const;

export const bodyErrorResponses = {
  ...errorResponses,
  409: { description: 'Conflicts with the stored state', content: problemContent },
  413: { description: 'Body too large', content: problemContent },
  415: { description: 'Body is not application/json', content: problemContent },
} as const;

export const jsonBody = <T extends z.ZodType>(schema: T, description: string) => ({
  body: { required: true, description, content: { 'application/json': { schema } } },
});
