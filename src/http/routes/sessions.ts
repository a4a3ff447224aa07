import { type OpenAPIHono, z } from '@hono/zod-openapi';
import { DomainError } from '../../domain/errors.ts';
import { type LiveSession, listLiveSessions, revokeSession } from '../../store/session-store.ts';
import { roles } from '../../tenancy/roles.ts';
import type { AppEnv } from '../app-env.ts';
import { inTenant, isUuid } from '../in-tenant.ts';
import { securedRoute } from '../route.ts';
import { errorResponses, IdParam } from '../schemas.ts';

const LiveSessionSchema = z
  .object({
    id: z.string(),
    actor: z.object({ kind: z.enum(['person', 'token']), id: z.string(), name: z.string() }),
    tokenId: z.string().nullable().openapi({ description: 'The token the session was exchanged from' }),
    roles: z.array(z.enum(roles)),
    createdAt: z.string(),
    lastSeenAt: z.string(),
    expiresAt: z.string(),
    idleExpiresAt: z.string(),
  })
  .openapi('LiveSession');

const list = securedRoute('admin', {
  method: 'get',
  path: '/v1/sessions',
  tags: ['tenancy'],
  summary: "The tenant's live dashboard sessions: who is signed in, since when, until when",
  responses: {
    200: {
      description: 'Live sessions',
      content: { 'application/json': { schema: z.object({ items: z.array(LiveSessionSchema) }) } },
    },
    ...errorResponses,
  },
});

const revoke = securedRoute('admin', {
  method: 'post',
  path: '/v1/sessions/{id}/revoke',
  tags: ['tenancy'],
  summary: 'End a session at once (its cookie gets 401 from the next request on)',
  request: { params: IdParam },
  responses: { 204: { description: 'Ended' }, ...errorResponses },
});

function dto(session: LiveSession) {
  return {
    ...session,
    actor: { ...session.actor },
    roles: [...session.roles],
    createdAt: session.createdAt.toISOString(),
    lastSeenAt: session.lastSeenAt.toISOString(),
    expiresAt: session.expiresAt.toISOString(),
    idleExpiresAt: session.idleExpiresAt.toISOString(),
  };
}

/** `GET /v1/sessions` and `POST /v1/sessions/{id}/revoke`: an administrator ends anyone's session. */
export function registerSessionAdminRoutes(app: OpenAPIHono<AppEnv>): void {
  app.openapi(list, async (c) => {
    const now = c.get('deps').clock();
    const sessions = await inTenant(c, (tx) => listLiveSessions(tx, now));
    c.header('cache-control', 'no-store');
    return c.json({ items: sessions.map(dto) }, 200);
  });

  app.openapi(revoke, async (c) => {
    const { id } = c.req.valid('param');
    const now = c.get('deps').clock();
    const ended = isUuid(id) && (await inTenant(c, (tx) => revokeSession(tx, id, now)));
    if (!ended) throw new DomainError('not-found', `no live session ${id}`);
    return c.body(null, 204);
  });
}
