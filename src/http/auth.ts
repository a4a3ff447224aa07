import type { Context, MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import { DomainError } from '../domain/errors.ts';
import { authenticateToken } from '../store/token-store.ts';
import { hasScope, originAllowed, type Principal } from '../tenancy/principal.ts';
import type { Scope } from '../tenancy/scopes.ts';
import { hashToken } from '../tenancy/token-secret.ts';
import type { AppEnv } from './app-env.ts';

/**
 * Authenticates the bearer token and checks the scope the route needs: 401 without a valid
 * token, 403 without the scope (or from an origin an embed token does not allow).
 */
export function authenticate(scope: Scope): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const principal = await principalOf(c);
    if (!hasScope(principal, scope)) {
      throw new DomainError(
        'forbidden',
        `this token lacks the scope "${scope}" that ${c.req.method} ${c.req.routePath} needs`,
        [],
        {
          requiredScope: scope,
        },
      );
    }
    const origin = c.req.header('origin');
    if (!originAllowed(principal, origin)) {
      throw new DomainError('forbidden', `this embed token may not be used from ${origin}`);
    }
    if (principal.kind === 'embed' && origin) {
      c.header('access-control-allow-origin', origin);
      c.header('access-control-expose-headers', 'x-request-id, x-lastplan-cache');
      c.header('vary', 'Origin', { append: true });
    }
    c.set('principal', principal);
    c.set('logger', c.get('logger').child({ tenant: principal.tenantId, token: principal.tokenId }));
    await next();
  };
}

/** The dashboard's session cookie (HttpOnly, SameSite=Strict, Path=/v1): it carries a token. */
export const SESSION_COOKIE = 'lastplan_session';

async function principalOf(c: Context<AppEnv>): Promise<Principal> {
  const header = c.req.header('authorization');
  const session = header ? undefined : getCookie(c, SESSION_COOKIE);
  if (!header && !session) throw unauthorized('send "Authorization: Bearer <token>"');
  const match = header ? /^Bearer\s+(\S+)\s*$/i.exec(header) : undefined;
  if (header && !match?.[1]) throw unauthorized('the Authorization header must be "Bearer <token>"');
  const secret = match?.[1] ?? (session as string);
  const deps = c.get('deps');
  // Generated tokens are 46 characters; LASTPLAN_ADMIN_TOKEN may be any secret of 24 or more.
  const principal =
    secret.length >= 24 && secret.length <= 512
      ? await authenticateToken(deps.database, await hashToken(secret), deps.clock())
      : undefined;
  if (!principal) throw unauthorized('the token is unknown, expired or revoked');
  return principal;
}

function unauthorized(detail: string): DomainError {
  return new DomainError('unauthorized', detail);
}
