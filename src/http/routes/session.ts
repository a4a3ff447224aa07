import { type OpenAPIHono, z } from '@hono/zod-openapi';
import { DomainError } from '../../domain/errors.ts';
import type { AppEnv } from '../app-env.ts';
import { SESSION_COOKIE } from '../auth.ts';
import { securedRoute } from '../route.ts';
import { errorResponses } from '../schemas.ts';

const SESSION_SECONDS = 8 * 3600;

const SessionSchema = z
  .object({ expiresAt: z.string().openapi({ example: '2026-11-23T20:00:00.000Z' }) })
  .openapi('Session');

const create = securedRoute('read', {
  method: 'post',
  path: '/v1/session',
  tags: ['tenancy'],
  summary: 'Sign in the dashboard: exchange the bearer token for a session cookie',
  description:
    'Sets an HttpOnly, SameSite=Strict cookie (Secure over https) that expires after 8 hours, so the ' +
    'dashboard never keeps the token where page scripts could read it. Embed tokens cannot sign in.',
  responses: {
    200: { description: 'Signed in', content: { 'application/json': { schema: SessionSchema } } },
    ...errorResponses,
  },
});

const remove = securedRoute('read', {
  method: 'delete',
  path: '/v1/session',
  tags: ['tenancy'],
  summary: 'Sign out: clear the session cookie',
  responses: { 204: { description: 'Signed out' }, ...errorResponses },
});

function cookie(c: { req: { url: string } }, value: string, maxAge: number): string {
  const secure = new URL(c.req.url).protocol === 'https:' ? '; Secure' : '';
  return `${SESSION_COOKIE}=${value}; Path=/v1; HttpOnly; SameSite=Strict; Max-Age=${maxAge}${secure}`;
}

/**
 * `POST /v1/session` and `DELETE /v1/session`. The cookie carries the token itself, so nothing
 * new is stored; it is HttpOnly and scoped to `/v1`. `authenticate` reads it when a request has no
 * Authorization header; SameSite=Strict keeps other sites' pages from sending it.
 */
export function registerSessionRoutes(app: OpenAPIHono<AppEnv>): void {
  app.openapi(create, (c) => {
    const principal = c.get('principal');
    if (principal.kind === 'embed') {
      throw new DomainError('forbidden', 'an embed token cannot sign in to the dashboard');
    }
    const secret = /^Bearer\s+(\S+)/i.exec(c.req.header('authorization') ?? '')?.[1] ?? '';
    const expiresAt = new Date(c.get('deps').clock().getTime() + SESSION_SECONDS * 1000);
    c.header('set-cookie', cookie(c, secret, SESSION_SECONDS));
    c.header('cache-control', 'no-store');
    return c.json({ expiresAt: expiresAt.toISOString() }, 200);
  });

  app.openapi(remove, (c) => {
    c.header('set-cookie', cookie(c, '', 0));
    return c.body(null, 204);
  });
}
