import type { Context, MiddlewareHandler } from 'hono';
import { DomainError } from '../domain/errors.ts';
import { authenticateSession } from '../store/session-store.ts';
import { canSee, hasScope, originAllowed, type Principal, type ResourceType } from '../tenancy/principal.ts';
import { roleFor } from '../tenancy/roles.ts';
import type { Scope } from '../tenancy/scopes.ts';
import { hashToken } from '../tenancy/token-secret.ts';
import { principalOfToken } from '../tenancy-service/token-principals.ts';
import type { AppEnv } from './app-env.ts';
import { auditRefusal, auditWordsOf, settleWrite } from './audit-writes.ts';
import { admitRequest } from './rate-limit.ts';

/**
 * Authenticates the bearer token or the session cookie and checks the role the route's scope asks
 * for: 401 without a valid token or session, 403 without the role (naming it), from an origin an
 * embed token does not allow, or for a cookie-authenticated write from another origin.
 */
export function authenticate(scope: Scope, embedReads?: ResourceType): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const origin = c.req.header('origin');
    let principal: Principal | undefined;
    try {
      principal = await principalOf(c);
      // Refused attempts count too, so a token cannot flood the audit trail with refusals.
      admitRequest(c, principal);
      const embedRead =
        embedReads !== undefined &&
        principal.kind === 'embed' &&
        c.req.method === 'GET' &&
        canSee(principal, embedReads, c.req.param('id') ?? '');
      if (!embedRead && !hasScope(principal, scope)) {
        if (embedReads && principal.kind === 'embed') {
          throw new DomainError(
            'forbidden',
            `this embed token may read only the resources it names, and ${embedReads}:${c.req.param('id')} is not one of them`,
          );
        }
        throw missingRole(c, principal, scope);
      }
      if (principal.session && WRITES.has(c.req.method)) checkSameOrigin(c, origin);
      if (!originAllowed(principal, origin)) {
        throw new DomainError('origin-not-allowed', `this embed token may not be used from ${origin}`);
      }
    } catch (error) {
      // A widget on another page must be able to read why it was refused (the problem holds no
      // data), or it can only guess; the data itself goes only to the token's own origins.
      if (origin) allowOrigin(c, origin);
      if (
        principal &&
        error instanceof DomainError &&
        (error.kind === 'forbidden' || error.kind === 'origin-not-allowed')
      ) {
        await auditRefusal(c, principal, error.message);
      }
      throw error;
    }
    if (principal.kind === 'embed' && origin) allowOrigin(c, origin);
    c.set('principal', principal);
    c.set('auditWords', auditWordsOf(c, scope));
    c.set(
      'logger',
      c
        .get('logger')
        .child({ tenant: principal.tenantId, actor: `${principal.actor.kind}:${principal.actor.id}` }),
    );
    await next();
    await settleWrite(c, principal);
  };
}

function allowOrigin(c: Context<AppEnv>, origin: string): void {
  c.header('access-control-allow-origin', origin);
  c.header('access-control-expose-headers', 'x-request-id, x-lastplan-cache');
  c.header('vary', 'Origin', { append: true });
}

/** The dashboard's session cookie (HttpOnly, SameSite=Strict): the secret of a server-side session. */
export const SESSION_COOKIE = 'lastplan_session';

const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

function missingRole(c: Context<AppEnv>, principal: Principal, scope: Scope): DomainError {
  const role = roleFor(scope);
  const who = principal.actor.kind === 'person' ? 'you' : 'this token';
  const route = `${c.req.method} ${c.req.routePath}`;
  const detail = role
    ? `${who} lack${who === 'you' ? '' : 's'} the role "${role}" that ${route} needs`
    : `${who} lack${who === 'you' ? '' : 's'} the scope "${scope}" that ${route} needs`;
  return new DomainError('forbidden', detail, [], {
    ...(role ? { requiredRole: role } : {}),
    requiredScope: scope,
  });
}

/**
 * A cookie rides along with every request the browser sends to this host, whichever page asked for
 * it; SameSite=Strict does not tell apart pages of the same site (other hosts of the municipality's
 * domain). So a write that authenticates by the cookie must show that this app's own page sent it:
 * `Sec-Fetch-Site: same-origin` where the browser sends that header, and an `Origin` equal to this
 * app's origin where it sends that one. A cookie write with neither came from no browser page we
 * can vouch for. Requests with a bearer token carry their credential explicitly and need none of this.
 */
export function checkSameOrigin(c: Context<AppEnv>, origin: string | undefined): void {
  const site = c.req.header('sec-fetch-site');
  if (site !== undefined && site !== 'same-origin') {
    throw new DomainError(
      'forbidden',
      `a write signed in by the session cookie must come from this app's own page, not from a ${site} page`,
    );
  }
  if (origin !== undefined) {
    const own = new Set([new URL(c.req.url).origin]);
    const publicUrl = c.get('deps').publicUrl;
    if (publicUrl) own.add(new URL(publicUrl).origin);
    if (!own.has(origin)) {
      throw new DomainError(
        'forbidden',
        `a write signed in by the session cookie must come from this app's own page, not from ${origin}`,
      );
    }
  }
  if (site === undefined && origin === undefined) {
    throw new DomainError(
      'forbidden',
      'a write signed in by the session cookie must come from this app\'s own page, which sends an Origin header; send "Authorization: Bearer <token>" otherwise',
    );
  }
}

async function principalOf(c: Context<AppEnv>): Promise<Principal> {
  const header = c.req.header('authorization');
  const deps = c.get('deps');
  if (header) {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (!match?.[1]) throw unauthorized('the Authorization header must be "Bearer <token>"');
    const secret = match[1];
    // Generated tokens are 46 characters; LASTPLAN_ADMIN_TOKEN may be any secret of 24 or more.
    const principal =
      secret.length >= 24 && secret.length <= 512
        ? await principalOfToken(deps.database, secret, deps.clock())
        : undefined;
    if (!principal) throw unauthorized('the token is unknown, expired or revoked');
    return principal;
  }
  const cookie = sessionSecretOf(c);
  if (cookie === undefined) throw unauthorized('send "Authorization: Bearer <token>" or sign in');
  const principal = cookie
    ? await authenticateSession(deps.database, await hashToken(cookie), deps.clock())
    : undefined;
  if (!principal) throw unauthorized('the session has ended or is unknown; sign in again');
  return principal;
}

/**
 * The session secret the request carries: '' for a cookie that cannot be one, undefined without
 * the cookie. Browsers of earlier versions may still hold the old cookie (the token itself, at
 * Path=/v1), which they send first, beside the session's: the one that looks like a session wins.
 */
export function sessionSecretOf(c: Context<AppEnv>): string | undefined {
  const values = (c.req.header('cookie') ?? '')
    .split(';')
    .map((part) => part.trim())
    .filter((part) => part.startsWith(`${SESSION_COOKIE}=`))
    .map((part) => part.slice(SESSION_COOKIE.length + 1));
  if (values.length === 0) return undefined;
  return values.find((value) => /^ls_[A-Za-z0-9_-]{20,100}$/.test(value)) ?? '';
}

function unauthorized(detail: string): DomainError {
  return new DomainError('unauthorized', detail);
}
