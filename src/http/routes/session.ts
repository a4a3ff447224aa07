import { type OpenAPIHono, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { DomainError } from '../../domain/errors.ts';
import { getCurrentTenant } from '../../store/tenant-store.ts';
import type { Principal } from '../../tenancy/principal.ts';
import { holdsRole, roles } from '../../tenancy/roles.ts';
import type { AppEnv } from '../app-env.ts';
import { inTenant } from '../in-tenant.ts';
import { securedRoute } from '../route.ts';
import { errorResponses } from '../schemas.ts';
import { endSession, sessionCookie, startSession } from '../start-session.ts';

const SessionSchema = z
  .object({
    tenant: z.object({ id: z.string(), slug: z.string(), name: z.string() }),
    actor: z.object({
      kind: z.enum(['person', 'token']),
      id: z.string().openapi({ description: "The identity provider's subject of a person; a token's id" }),
      name: z.string().openapi({ example: 'Erika Mustermann' }),
    }),
    roles: z.array(z.enum(roles)).openapi({
      description:
        'Every role held, implied ones included (admin holds all; planner and finance hold viewer)',
      example: ['viewer', 'planner'],
    }),
    via: z.enum(['session', 'token']),
    session: z
      .object({
        expiresAt: z.string().openapi({ example: '2026-11-23T20:00:00.000Z' }),
        idleExpiresAt: z.string().openapi({ example: '2026-11-23T12:30:00.000Z' }),
      })
      .nullable(),
  })
  .openapi('Session');

const who = securedRoute('read', {
  method: 'get',
  path: '/v1/session',
  tags: ['tenancy'],
  summary: 'Who is signed in: the person or token, the tenant and the roles',
  description: 'The dashboard shows only what these roles may do; the API refuses the rest with 403.',
  responses: {
    200: { description: 'Signed in', content: { 'application/json': { schema: SessionSchema } } },
    ...errorResponses,
  },
});

const create = securedRoute('read', {
  method: 'post',
  path: '/v1/session',
  tags: ['tenancy'],
  summary: 'Sign in the dashboard: exchange the bearer token for a session cookie',
  description:
    'Starts a server-side session and sets its secret as an HttpOnly, SameSite=Strict cookie (Secure ' +
    'over https), so the dashboard never keeps the token where page scripts could read it. The session ' +
    'ends after LASTPLAN_SESSION_IDLE_MINUTES without a request (30), after LASTPLAN_SESSION_MAX_HOURS ' +
    '(8), on sign-out, and when the token is revoked. Embed tokens cannot sign in.',
  responses: {
    200: { description: 'Signed in', content: { 'application/json': { schema: SessionSchema } } },
    ...errorResponses,
  },
});

const remove = securedRoute('read', {
  method: 'delete',
  path: '/v1/session',
  tags: ['tenancy'],
  summary: 'Sign out: end the session on the server and clear its cookie',
  responses: { 204: { description: 'Signed out' }, ...errorResponses },
});

async function view(c: Context<AppEnv>, principal: Principal) {
  const tenant = await inTenant(c, (tx) => getCurrentTenant(tx));
  return {
    tenant: { id: tenant.id, slug: tenant.slug, name: tenant.name },
    actor: { ...principal.actor },
    roles: roles.filter((role) => holdsRole(principal.roles, role)),
    via: principal.session ? ('session' as const) : ('token' as const),
    session: principal.session
      ? {
          expiresAt: principal.session.expiresAt.toISOString(),
          idleExpiresAt: principal.session.idleExpiresAt.toISOString(),
        }
      : null,
  };
}

/** `GET`, `POST` and `DELETE /v1/session`: sessions are rows on the server, the cookie only names one. */
export function registerSessionRoutes(app: OpenAPIHono<AppEnv>): void {
  app.openapi(who, async (c) => {
    c.header('cache-control', 'no-store');
    return c.json(await view(c, c.get('principal')), 200);
  });

  app.openapi(create, async (c) => {
    const principal = c.get('principal');
    if (principal.kind === 'embed') {
      throw new DomainError('forbidden', 'an embed token cannot sign in to the dashboard');
    }
    if (principal.session) {
      // A session may not prolong itself past its absolute end by signing in again.
      throw new DomainError('forbidden', 'sign in with a token (Authorization: Bearer) or at /auth/login');
    }
    const session = await startSession(c, {
      tenantId: principal.tenantId,
      actor: principal.actor,
      tokenId: principal.tokenId,
      roles: principal.roles,
    });
    c.set('audit', { resourceId: session.id });
    return c.json(await view(c, { ...principal, session }), 200);
  });

  app.openapi(remove, async (c) => {
    const principal = c.get('principal');
    const ended = await endSession(c, { clearCookie: false });
    c.set('audit', {
      resourceId: ended?.id ?? principal.session?.id,
      detail: { revoked: ended !== undefined },
    });
    c.header('set-cookie', sessionCookie(c, '', 0));
    return c.body(null, 204);
  });
}
