import { type OpenAPIHono, z } from '@hono/zod-openapi';
import { DomainError, isDomainError } from '../../domain/errors.ts';
import { getBudgetLine } from '../../store/budget-store.ts';
import { findGrant } from '../../store/grant-store.ts';
import { getPlan } from '../../store/plan-store.ts';
import { findSeries } from '../../store/series-store.ts';
import { findService } from '../../store/service-store.ts';
import { findToken, insertToken, listTokens, revokeToken, type TokenInfo } from '../../store/token-store.ts';
import type { TenantTx } from '../../store/with-tenant.ts';
import { scopes } from '../../tenancy/scopes.ts';
import { expiryFrom } from '../../tenancy/token-expiry.ts';
import { hashToken, newTokenSecret } from '../../tenancy/token-secret.ts';
import { forgetTokenPrincipals } from '../../tenancy-service/token-principals.ts';
import type { AppEnv } from '../app-env.ts';
import { inTenant, isUuid } from '../in-tenant.ts';
import { securedRoute } from '../route.ts';
import { bodyErrorResponses, errorResponses, IdParam, jsonBody } from '../schemas.ts';

const TokenSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    kind: z.enum(['api', 'embed']),
    scopes: z.array(z.enum(scopes)),
    resources: z.array(z.string()),
    allowedOrigins: z.array(z.string()),
    expiresAt: z.string().nullable(),
    revokedAt: z.string().nullable(),
    lastUsedAt: z.string().nullable(),
    createdAt: z.string(),
  })
  .openapi('Token');

const CreatedTokenSchema = TokenSchema.extend({
  token: z.string().openapi({ description: 'The secret. Shown once; only its hash is stored.' }),
}).openapi('CreatedToken');

const ORIGIN = /^https?:\/\/[a-z0-9.-]+(:\d{1,5})?$/i;
const RESOURCE = /^[a-z]+:[0-9a-f-]{36}$/i;

const NewTokenSchema = z
  .object({
    name: z.string().trim().min(1).max(200),
    kind: z.enum(['api', 'embed']).default('api'),
    scopes: z.array(z.enum(scopes)).min(1).optional(),
    expiresIn: z
      .string()
      .optional()
      .openapi({ example: '90d', description: '90d, 12h, 2w, 1y or ISO-8601 (P90D)' }),
    resources: z.array(z.string().regex(RESOURCE, 'type:uuid, e.g. service:3f2a…')).max(100).optional(),
    allowedOrigins: z
      .array(z.string().regex(ORIGIN, 'an origin such as https://intranet.example.de (no path)'))
      .max(20)
      .optional(),
  })
  .strict()
  .openapi('NewToken');

/** What an embed token can name, and how to tell that such a resource exists in the tenant. */
const EMBED_READABLE: Record<string, (tx: TenantTx, id: string) => Promise<boolean>> = {
  service: async (tx, id) => (await findService(tx, id)) !== undefined,
  series: async (tx, id) => (await findSeries(tx, id)) !== undefined,
  plan: (tx, id) => found(() => getPlan(tx, id)),
  grant: async (tx, id) => (await findGrant(tx, id)) !== undefined,
  budget: (tx, id) => found(() => getBudgetLine(tx, id)),
};

async function found(load: () => Promise<unknown>): Promise<boolean> {
  try {
    await load();
    return true;
  } catch (error) {
    if (isDomainError(error) && error.kind === 'not-found') return false;
    throw error;
  }
}

function tokenDto(token: TokenInfo) {
  return {
    ...token,
    scopes: [...token.scopes],
    resources: [...token.resources],
    allowedOrigins: [...token.allowedOrigins],
    expiresAt: token.expiresAt?.toISOString() ?? null,
    revokedAt: token.revokedAt?.toISOString() ?? null,
    lastUsedAt: token.lastUsedAt?.toISOString() ?? null,
    createdAt: token.createdAt.toISOString(),
  };
}

const list = securedRoute('admin', {
  method: 'get',
  path: '/v1/tokens',
  tags: ['tenancy'],
  summary: "List the tenant's tokens (never their secrets)",
  responses: {
    200: {
      description: 'Tokens',
      content: { 'application/json': { schema: z.object({ items: z.array(TokenSchema) }) } },
    },
    ...errorResponses,
  },
});

const create = securedRoute('admin', {
  method: 'post',
  path: '/v1/tokens',
  tags: ['tenancy'],
  summary: 'Create an API token, or a read-only embed token for listed resources and origins',
  request: jsonBody(NewTokenSchema, 'The new token'),
  responses: {
    201: {
      description: 'Created; the secret is in `token`',
      content: { 'application/json': { schema: CreatedTokenSchema } },
    },
    ...bodyErrorResponses,
  },
});

const revoke = securedRoute('admin', {
  method: 'post',
  path: '/v1/tokens/{id}/revoke',
  tags: ['tenancy'],
  summary: 'Revoke a token; it stops working at once',
  request: { params: IdParam },
  responses: {
    200: { description: 'Revoked', content: { 'application/json': { schema: TokenSchema } } },
    ...errorResponses,
  },
});

export function registerTokenRoutes(app: OpenAPIHono<AppEnv>): void {
  app.openapi(list, async (c) => {
    const tokens = await inTenant(c, (tx) => listTokens(tx));
    return c.json({ items: tokens.map(tokenDto) }, 200);
  });

  app.openapi(create, async (c) => {
    const body = c.req.valid('json');
    const deps = c.get('deps');
    const isEmbed = body.kind === 'embed';
    if (isEmbed) {
      if (body.scopes?.some((s) => s !== 'read')) {
        throw new DomainError(
          'validation',
          'embed tokens are read-only: scopes must be ["read"] or left out',
          [{ pointer: '/scopes', detail: 'embed tokens are read-only' }],
        );
      }
      if (!body.resources?.length) {
        throw new DomainError(
          'validation',
          'an embed token needs at least one resource, e.g. "service:<id>"',
          [{ pointer: '/resources', detail: 'at least one resource' }],
        );
      }
      if (!body.allowedOrigins?.length) {
        throw new DomainError('validation', 'an embed token needs the origins of the pages that embed it', [
          { pointer: '/allowedOrigins', detail: 'at least one origin' },
        ]);
      }
    } else if (!body.scopes) {
      throw new DomainError('validation', 'an API token needs scopes, e.g. ["read","ingest"]', [
        { pointer: '/scopes', detail: 'required for API tokens' },
      ]);
    } else if (body.resources?.length || body.allowedOrigins?.length) {
      throw new DomainError('validation', 'resources and allowedOrigins apply to embed tokens only', [
        { pointer: body.resources?.length ? '/resources' : '/allowedOrigins', detail: 'embed tokens only' },
      ]);
    }
    const expiresAt = expiryFrom(body.expiresIn, deps.clock(), '/expiresIn');
    const secret = newTokenSecret();
    const token = await inTenant(c, async (tx, tenantId) => {
      for (const [index, resource] of (body.resources ?? []).entries()) {
        const [type = '', id = ''] = resource.split(':');
        const exists = EMBED_READABLE[type];
        if (!exists) {
          throw new DomainError('validation', `an embed token cannot read ${type} resources`, [
            {
              pointer: `/resources/${index}`,
              detail: `not readable by an embed token; use one of ${Object.keys(EMBED_READABLE).join(', ')} (a service's forecast shows its events)`,
            },
          ]);
        }
        if (!(await exists(tx, id))) {
          throw new DomainError('validation', `resource ${resource} does not exist`, [
            { pointer: `/resources/${index}`, detail: `no such ${type}` },
          ]);
        }
      }
      return insertToken(tx, tenantId, {
        id: deps.newId(),
        name: body.name,
        kind: body.kind,
        tokenHash: await hashToken(secret),
        scopes: isEmbed ? ['read'] : (body.scopes ?? []),
        resources: (body.resources ?? []).map((r) => r.toLowerCase()),
        allowedOrigins: (body.allowedOrigins ?? []).map((o) => o.toLowerCase()),
        expiresAt,
      });
    });
    return c.json({ ...tokenDto(token), token: secret }, 201);
  });

  app.openapi(revoke, async (c) => {
    const { id } = c.req.valid('param');
    if (!isUuid(id)) throw new DomainError('not-found', `token ${id} not found`);
    const token = await inTenant(c, async (tx) => {
      if (!(await findToken(tx, id))) throw new DomainError('not-found', `token ${id} not found`);
      return revokeToken(tx, id, c.get('deps').clock());
    });
    forgetTokenPrincipals(c.get('deps').database);
    return c.json(tokenDto(token), 200);
  });
}
